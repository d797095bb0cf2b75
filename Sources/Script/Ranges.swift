import Tensor

/// A range value's bounds, in one place: `lower..upper` is half-open, and an open
/// range (`2..`, `upper == nil`) has no end, so it can slice (`x[2..]`) but is no
/// sequence: wherever a finite list of values is needed (`for`, `tensor(…)`,
/// `filter(labels: …)`, `onehot`, `.count`, `len`, a negative index) it is refused
/// with a message, and so is a finite range longer than a tensor may be
/// (`Tensor.maxElements`) before anything is allocated.
///
/// Both ends lie within ±`maxBound` (what `Coerce.int` lets through, and what a
/// session's range must satisfy to load), so no arithmetic on them can overflow.
public enum Ranges {
    /// The largest end a range may have (9·10¹⁵, the largest whole number a
    /// Double holds exactly with room to spare).
    public static let maxBound = 9_000_000_000_000_000

    /// True when both ends are within ±`maxBound` (an open end is fine).
    public static func isValid(lower: Int, upper: Int?) -> Bool {
        abs(clamping: lower) <= maxBound && upper.map { abs(clamping: $0) <= maxBound + 1 } ?? true    // + 1: `0..=maxBound`
    }

    /// `2..`, `0..10`.
    public static func text(_ lower: Int, _ upper: Int?) -> String {
        "\(lower)..\(upper.map(String.init) ?? "")"
    }

    /// The number of values of a finite range (0 when reversed); nil when open.
    static func count(_ lower: Int, _ upper: Int?) -> Int? {
        guard let upper else { return nil }
        let (d, overflow) = upper.subtractingReportingOverflow(lower)
        return overflow ? (upper > lower ? Int.max : 0) : Swift.max(0, d)
    }

    static func openMessage(_ what: String, _ lower: Int) -> String {
        "\(what): the open range \(text(lower, nil)) has no end; give it one (\(lower)..\(lower + 10)); an open range only slices, as in x[\(lower)..]"
    }

    /// The values of a range that must be a finite sequence (`tensor(0..4)`,
    /// `filter(labels: 0..5)`): refused when open or longer than `limit`.
    static func values(_ lower: Int, _ upper: Int?, what: String, at span: SourceSpan?,
                       limit: Int = Tensor.maxElements) throws -> Range<Int> {
        guard let n = count(lower, upper), let upper else { throw RuntimeError(openMessage(what, lower), at: span) }
        guard n <= limit else {
            throw RuntimeError("\(what): the range \(text(lower, upper)) has \(formatCount(n)) values (limit \(formatCount(limit)))", at: span)
        }
        return n == 0 ? lower..<lower : lower..<upper
    }

    /// `r.count`, `len(r)`: the count of a finite range, refused for an open one.
    static func length(_ lower: Int, _ upper: Int?, what: String?, at span: SourceSpan?) throws -> Int {
        guard let n = count(lower, upper) else {
            throw RuntimeError("\(what.map { $0 + ": " } ?? "")the open range \(text(lower, nil)) has no end, so no count", at: span)
        }
        return n
    }

    /// `r[i]`: the i-th value; a negative index counts from the end, which an open
    /// range does not have.
    static func element(_ lower: Int, _ upper: Int?, index i: Int, span: SourceSpan) throws -> Int {
        guard let n = count(lower, upper) else {
            guard i >= 0 else {
                throw RuntimeError("index \(i) counts from the end, but the open range \(text(lower, nil)) has no end", at: span)
            }
            return lower + i        // both within ±maxBound: no overflow
        }
        return lower + (try Sequences.position(i, count: n, span: span, what: "a range"))
    }
}

private func abs(clamping x: Int) -> Int { x == Int.min ? Int.max : Swift.abs(x) }
