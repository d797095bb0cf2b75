import Tensor

/// A finished picture, as a value of its own: what every picture builtin returns, what
/// `show` draws, what a notebook keeps as PNG and what `save P "f.png"` writes. There is
/// one route from a tensor to a picture (`Figure(tensor:)`, one value-range rule:
/// `ValueRange.auto`) and one from a figure to a screen or a file (`canvas`, `pngBytes`,
/// `writePNG`; terminals fit it to their size with `fitted`).
///
///     let f = try Figure(tensor: digit)              // 28×28 → drawn ×8, 224×224
///     try f.writePNG(to: "digit.png")
///     f.description                                  // picture 224×224
///
/// A class, not a struct: it rides inside the language's `Value` enum, which must stay
/// small (deeply nested expressions keep many values on the stack).
public final class Figure: @unchecked Sendable {
    /// The picture before enlargement (a 28×28 digit stays 28×28 here).
    public let base: Canvas
    /// Nearest-neighbour enlargement used for files and graphics terminals (1…64).
    public let scale: Int
    /// What it shows (`loss`, `filters`, `latent space`); "" for a plain image.
    public var title: String
    /// Plots: their area drawable at any size without text, and their words (title, ticks,
    /// legend), so a terminal that draws with characters prints the words as text.
    public var plot: PlotText?
    /// Lines a text terminal prints under the picture (a colour bar's range, channel numbers).
    public var notes: [String]

    public init(_ base: Canvas, scale: Int = 1, title: String = "", plot: PlotText? = nil, notes: [String] = []) {
        self.base = base
        self.scale = max(1, min(64, scale))
        self.title = title
        self.plot = plot
        self.notes = notes
    }

    /// The picture at full size: what files, notebooks and graphics terminals get.
    public var canvas: Canvas { base.scaled(by: scale) }
    public var width: Int { base.width * scale }
    public var height: Int { base.height * scale }

    /// `picture 640×400 "loss"`: how a figure prints in lists and as a variable.
    public var description: String {
        "picture \(width)×\(height)" + (title.isEmpty ? "" : " \"\(title)\"")
    }

    /// The enlargement given to an image no side of which reaches 64 pixels, so that digits
    /// are big enough to see and to project: up to ×8, towards 224 pixels. Larger images stay 1:1.
    public static func defaultScale(height h: Int, width w: Int) -> Int {
        let side = max(1, max(h, w))
        return side >= 64 ? 1 : max(1, min(8, 224 / side))
    }

    /// A tensor as a picture — what `show x` draws and `save x "f.png"` writes:
    /// rank 1 (or [1, D]) → a heat strip; [H, W] or [1|3, H, W] (or a batch of one) → the
    /// image; other [C, H, W] → feature maps; [N, 1|3, H, W] → a grid. Values already in
    /// 0…1 are shown as they are, anything else from its min to its max (`ValueRange.auto`).
    /// `scale` overrides the default enlargement of small images.
    public convenience init(tensor t: Tensor, scale: Int? = nil) throws {
        let s = t.shape
        switch s.count {
        case 0: throw PictureError("show", "a single number \(t.scalars.first ?? 0) has no picture")
        case 1:
            self.init(try Picture.vector(t, scale: 1), scale: scale ?? 12)
        case 2 where s[0] == 1 && s[1] > 1:
            self.init(try Picture.vector(t, scale: 1), scale: scale ?? 12)
        case 2:
            self.init(try Picture.image(t), scale: scale ?? Figure.defaultScale(height: s[0], width: s[1]))
        case 3 where s[0] == 1 || s[0] == 3:
            self.init(try Picture.image(t), scale: scale ?? Figure.defaultScale(height: s[1], width: s[2]))
        case 3, 4 where s[0] == 1 && !(s[1] == 1 || s[1] == 3):
            let f = try Picture.featureMapsFigure(t, scale: scale)
            self.init(f.base, scale: f.scale, title: f.title, plot: f.plot, notes: f.notes)
        case 4 where s[1] == 1 || s[1] == 3:
            if s[0] == 1 {
                self.init(try Picture.image(t), scale: scale ?? Figure.defaultScale(height: s[2], width: s[3]))
            } else {
                let tile = Figure.defaultScale(height: s[2], width: s[3])
                self.init(try Picture.grid(t), scale: scale ?? max(1, tile / 2))
            }
        default:
            throw PictureError("show", "cannot draw a tensor of shape \(describeShape(s)); expected an image, a batch [N, C, H, W] or a vector")
        }
    }

    /// The largest version of the picture that fits `maxWidth`×`maxHeight` pixels: a smaller
    /// whole enlargement when one fits (pixels stay crisp), else the base averaged down.
    /// Never larger than `canvas`.
    public func fitted(maxWidth: Int, maxHeight: Int) -> Canvas {
        let w = max(1, maxWidth), h = max(1, maxHeight)
        var k = scale
        while k > 1 && (base.width * k > w || base.height * k > h) { k -= 1 }
        if base.width * k <= w && base.height * k <= h { return base.scaled(by: k) }
        let ratio = min(Double(w) / Double(max(1, base.width)), Double(h) / Double(max(1, base.height)))
        return base.averaged(width: max(1, Int(Double(base.width) * ratio)), height: max(1, Int(Double(base.height) * ratio)))
    }

    /// PNG file bytes of the full-size picture.
    public func pngBytes() throws -> [UInt8] { try canvas.pngBytes() }

    /// Writes the full-size picture as an RGB PNG file (atomically).
    public func writePNG(to path: String) throws { try canvas.writePNG(to: path) }
}

/// A plot's words and its drawing area, kept apart so a character terminal can draw the
/// area with half-blocks at its own size and print the words as terminal text.
public struct PlotText: @unchecked Sendable {
    /// A tick: its label and where it sits along its axis, 0 (left or bottom) … 1.
    public struct Tick: Equatable, Sendable {
        public var label: String
        public var position: Double
    }
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xTicks: [Tick]
    public var yTicks: [Tick]
    /// Legend entries: a name and its colour.
    public var legend: [(String, RGB)]
    /// Draws the plot area (grid, data, frame — no text) at a size in pixels.
    public var drawArea: (_ width: Int, _ height: Int) -> Canvas

    public init(title: String, xLabel: String = "", yLabel: String = "", xTicks: [Tick] = [], yTicks: [Tick] = [],
                legend: [(String, RGB)] = [], drawArea: @escaping (Int, Int) -> Canvas) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.legend = legend
        self.drawArea = drawArea
    }
}
