import Foundation

// The three ways every module writes numbers for people, kept here once because
// Tensor is the module all the others build on.

/// `16×28×28` — a per-sample shape in summaries and messages (`scalar` for []).
public func describeDims(_ shape: [Int]) -> String {
    shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
}

/// `4,385` — an integer with thousands separators (counts, parameters, limits).
public func formatCount(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// `400 µs`, `12.5 ms`, `3.20 s`, `1:15.00` — how long something took.
public func describeDuration(_ seconds: Double) -> String {
    let s = seconds
    if !s.isFinite || s < 0 { return "?" }
    if s < 1e-3 { return String(format: "%.0f µs", s * 1e6) }
    if s < 1 { return String(format: "%.1f ms", s * 1e3) }
    if s < 60 { return String(format: "%.2f s", s) }
    return String(format: "%d:%05.2f", Int(s) / 60, s.truncatingRemainder(dividingBy: 60))
}
