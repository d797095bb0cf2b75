import Foundation

/// PyTorch's way of printing tensors: four decimals, one width for all values,
/// nested brackets, lines wrapped at 80 columns, and tensors over 1000 elements
/// summarised to 3 items at each edge of every axis.
///
///     print(try Tensor(shape: [3], scalars: [0.5128, 0.4216, 1]))
///     // tensor([0.5128, 0.4216, 1.0000])
///     print(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
///     // tensor([[1., 2.],
///     //         [3., 4.]])
extension Tensor: CustomStringConvertible {
    public var description: String {
        let prefix = "tensor("
        if count == 0 { return rank <= 1 ? "tensor([])" : "tensor([], size=\(describeShape(shape)))" }
        let summarize = count > TensorFormat.threshold
        // Read in place: a whole dataset may be printed, and only ~36 values shown.
        let values = UnsafeBufferPointer(start: plain, count: count)
        let shown = summarize ? TensorFormat.summarizedValues(values, shape: shape) : Array(values)
        let format = TensorFormat(shown)
        let body = format.render(values, shape: shape, offset: 0, indent: prefix.count, summarize: summarize)
        return prefix + body + ")"
    }

    /// The printed tensor followed by its shape: `tensor([...])  shape [72]`.
    public var summary: String { description + "  shape \(describeShape(shape))" }
}

/// The number formatting PyTorch's `_Formatter` chooses for a set of values.
struct TensorFormat {
    static let threshold = 1000, edgeItems = 3, lineWidth = 80, precision = 4
    var integers = true, scientific = false, width = 1

    init(_ values: [Float]) {
        let finite = values.filter { $0.isFinite && $0 != 0 }
        guard !finite.isEmpty else { return }
        let magnitudes = finite.map { Double(Swift.abs($0)) }
        let (lo, hi) = (magnitudes.min() ?? 1, magnitudes.max() ?? 1)
        integers = finite.allSatisfy { $0 == $0.rounded(.up) }
        if integers {
            scientific = hi / lo > 1000 || hi > 1e8
            width = finite.map { scientific ? sci($0).count : fixed($0, 0).count + 1 }.max() ?? 1
        } else {
            scientific = hi / lo > 1000 || hi > 1e8 || lo < 1e-4
            width = finite.map { scientific ? sci($0).count : fixed($0, Self.precision).count }.max() ?? 1
        }
    }

    func format(_ v: Float) -> String {
        let s: String
        if scientific { s = sci(v) }
        else if integers { s = fixed(v, 0) + (v.isFinite ? "." : "") }
        else { s = fixed(v, Self.precision) }
        return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }

    private func fixed(_ v: Float, _ digits: Int) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)f", Double(v))
    }

    /// Python's `{:.4e}`: `1.0000e-05`.
    private func sci(_ v: Float) -> String {
        if !v.isFinite { return fixed(v, 0) }
        return String(format: "%.\(Self.precision)e", Double(v))
    }

    /// The row-major block of `values` at `offset` with `shape`, rendered with
    /// brackets; `indent` is the column the opening bracket sits in.
    func render(_ values: UnsafeBufferPointer<Float>, shape: [Int], offset: Int, indent: Int, summarize: Bool) -> String {
        if shape.isEmpty { return format(values[offset]) }
        let n = shape[0], inner = shape.dropFirst().reduce(1, *)
        let cut = summarize && n > 2 * Self.edgeItems
        let indices: [Int?] = cut
            ? Array(0..<Self.edgeItems) + [nil] + Array((n - Self.edgeItems)..<n)
            : Array(0..<n)
        if shape.count == 1 {
            let items = indices.map { $0.map { format(values[offset + $0]) } ?? " ..." }
            let perLine = Swift.max(1, (Self.lineWidth - indent) / (width + 2))
            let lines = stride(from: 0, to: items.count, by: perLine).map {
                items[$0..<Swift.min($0 + perLine, items.count)].joined(separator: ", ")
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        let rest = Array(shape.dropFirst())
        let parts = indices.map { i in
            i.map { render(values, shape: rest, offset: offset + $0 * inner, indent: indent + 1, summarize: summarize) } ?? "..."
        }
        let separator = "," + String(repeating: "\n", count: shape.count - 1) + String(repeating: " ", count: indent + 1)
        return "[" + parts.joined(separator: separator) + "]"
    }

    /// The values a summarised print shows (to choose the format from them only).
    static func summarizedValues(_ values: UnsafeBufferPointer<Float>, shape: [Int]) -> [Float] {
        func walk(_ offset: Int, _ shape: [Int]) -> [Float] {
            guard let n = shape.first else { return [values[offset]] }
            let inner = shape.dropFirst().reduce(1, *)
            let rest = Array(shape.dropFirst())
            let picks = n > 2 * edgeItems ? Array(0..<edgeItems) + Array((n - edgeItems)..<n) : Array(0..<n)
            return picks.flatMap { walk(offset + $0 * inner, rest) }
        }
        return walk(0, shape)
    }
}
