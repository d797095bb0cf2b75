// The text of a training progress line, as pure functions so tests can pin it:
//
//   epoch 1/5  ██████████▌░░░░░░░░░ 234/469  12.3k img/s  loss 0.1043  eta 0:03
//   epoch 1/5  ████████████████████ 469/469  12.3k img/s  loss 0.1043  val 0.0981  0:05
//
// While an epoch runs the line ends in the estimated time left; once it is done,
// in the time it took. The same final line is written on a terminal and to a
// file, so a script's output looks like the REPL's.

/// Where one epoch of training stands.
public struct ProgressState: Equatable, Sendable {
    public var epoch: Int            // 1-based
    public var epochs: Int
    public var batch: Int            // batches finished in this epoch
    public var batches: Int
    public var images: Int           // images seen in this epoch
    public var elapsed: Double       // seconds since the epoch started
    public var loss: Double?         // running mean training loss of this epoch
    public var parts: [String] = []  // the loss's named parts, formatted ("recon 98.1234", "kl 24.0112"): the VAE's ELBO
    public var accuracy: Double?     // running training accuracy (0...1), classifiers
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var isFinished = false    // the epoch is over: show elapsed time, not ETA
    public var note: String?         // "validating…", "stopping after this batch…", "stopped"

    public init(epoch: Int, epochs: Int, batch: Int, batches: Int, images: Int, elapsed: Double,
                loss: Double? = nil, accuracy: Double? = nil,
                validationLoss: Double? = nil, validationAccuracy: Double? = nil,
                isFinished: Bool = false, note: String? = nil) {
        self.epoch = epoch; self.epochs = epochs; self.batch = batch; self.batches = batches
        self.images = images; self.elapsed = elapsed; self.loss = loss; self.accuracy = accuracy
        self.validationLoss = validationLoss; self.validationAccuracy = validationAccuracy
        self.isFinished = isFinished; self.note = note
    }
}

/// Formatting of progress lines and their pieces.
///
///     ProgressFormat.rate(12_345)      // "12.3k img/s"
///     ProgressFormat.duration(65)      // "1:05"
///     ProgressFormat.bar(fraction: 0.5, width: 4)   // "██░░"
public enum ProgressFormat {
    /// Cells of the bar.
    public static let barWidth = 20

    /// The whole line; `maxColumns` drops trailing pieces (never the bar or the
    /// counts) so that a redraw with `\r` never wraps.
    public static func line(_ s: ProgressState, maxColumns: Int? = nil) -> String {
        let digits = String(max(s.batches, 1)).count
        let head = "epoch \(s.epoch)/\(s.epochs)  "
            + bar(fraction: s.batches > 0 ? Double(s.batch) / Double(s.batches) : 1, width: barWidth)
            + " " + pad(String(s.batch), to: digits) + "/\(s.batches)"
        var pieces: [String] = []
        if s.elapsed > 0, s.images > 0 { pieces.append(rate(Double(s.images) / s.elapsed)) }
        if let loss = s.loss { pieces.append("loss " + number(loss)) }
        pieces += s.parts
        if let acc = s.accuracy { pieces.append("acc " + percent(acc)) }
        if let v = s.validationLoss { pieces.append("val " + number(v)) }
        if let v = s.validationAccuracy { pieces.append("val acc " + percent(v)) }
        if s.isFinished {
            pieces.append(duration(s.elapsed))
        } else if let eta = eta(s) {
            pieces.append("eta " + duration(eta))
        }
        if let note = s.note { pieces.append(note) }
        var text = head
        for piece in pieces {
            let candidate = text + "  " + piece
            if let maxColumns, candidate.count > maxColumns { break }
            text = candidate
        }
        return text
    }

    /// Seconds left in the epoch, from the pace so far (nil before the first batch).
    public static func eta(_ s: ProgressState) -> Double? {
        guard s.batch > 0, s.batches >= s.batch, s.elapsed > 0 else { return nil }
        return s.elapsed / Double(s.batch) * Double(s.batches - s.batch)
    }

    /// A bar of `width` cells, with eighth blocks for the partly filled cell.
    public static func bar(fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((f * Double(width * 8)).rounded(.down))
        let full = eighths / 8, part = eighths % 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part]
        let used = full + (partial.isEmpty ? 0 : 1)
        return String(repeating: "█", count: full) + partial + String(repeating: "░", count: width - used)
    }

    /// Images per second: "850 img/s", "12.3k img/s", "1.20M img/s".
    public static func rate(_ perSecond: Double) -> String {
        guard perSecond.isFinite, perSecond >= 0 else { return "– img/s" }
        if perSecond.rounded() < 1_000 { return "\(Int(perSecond.rounded())) img/s" }
        if perSecond < 999_950 { return fixed(perSecond / 1_000, decimals: 1) + "k img/s" }
        return fixed(perSecond / 1_000_000, decimals: 2) + "M img/s"
    }

    /// "0:05", "12:34", "1:02:03".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–:––" }
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }

    /// A loss: four decimals ("0.1043"), "nan", "inf", or exponent form when tiny or huge.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let a = abs(x)
        if a != 0 && (a < 0.0001 || a >= 100_000) { return scientific(x) }
        return fixed(x, decimals: 4)
    }

    /// "97.8%".
    public static func percent(_ x: Double) -> String {
        x.isFinite ? fixed(x * 100, decimals: 1) + "%" : "nan"
    }

    /// `x` with exactly `decimals` digits after the point, without Foundation.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return scientific(x) }
        let n = Int(scaled)
        let whole = n / Int(scale), frac = n % Int(scale)
        var fracText = String(frac)
        while fracText.count < decimals { fracText = "0" + fracText }
        let sign = x < 0 && n != 0 ? "-" : ""
        return decimals > 0 ? "\(sign)\(whole).\(fracText)" : "\(sign)\(whole)"
    }

    /// "1.23e-05".
    static func scientific(_ x: Double) -> String {
        var exponent = 0
        var m = abs(x)
        while m >= 10 { m /= 10; exponent += 1 }
        while m < 1 { m *= 10; exponent -= 1 }
        if (m * 100).rounded() >= 1000 { m /= 10; exponent += 1 }
        let e = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return (x < 0 ? "-" : "") + fixed(m, decimals: 2) + "e" + (exponent < 0 ? "-" : "+") + e
    }

    private static func pad(_ s: String, to width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
