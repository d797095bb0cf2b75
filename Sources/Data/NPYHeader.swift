import Foundation

/// The Python-dict header of a `.npy` file, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }`.
/// Parsed by hand for exactly these three keys; anything else is an error.
struct NPYHeader {
    let descr: String
    let fortranOrder: Bool
    let shape: [Int]
    let itemSize: Int
    let load: (UnsafeRawPointer, Int) -> Float

    init(parsing text: String, file: String, offset: Int) throws {
        func fail(_ why: String) -> DataError { DataError(file: file, .byte(offset), "bad .npy header: \(why)") }
        var s = Substring(text.trimmingTrailingSpace())
        guard s.hasPrefix("{"), s.hasSuffix("}") else { throw fail("expected a {…} dictionary") }
        s = s.dropFirst().dropLast()
        var descr: String?, fortran: Bool?, shape: [Int]?
        while true {
            s = s.drop { $0 == " " || $0 == "," }
            if s.isEmpty { break }
            guard let q = s.first, q == "'" || q == "\"", let close = s.dropFirst().firstIndex(of: q) else {
                throw fail("expected a quoted key")
            }
            let key = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...].drop { $0 == " " }
            guard s.first == ":" else { throw fail("expected ':' after '\(key)'") }
            s = s.dropFirst().drop { $0 == " " }
            switch key {
            case "descr":
                guard let q2 = s.first, q2 == "'" || q2 == "\"", let end = s.dropFirst().firstIndex(of: q2) else {
                    throw fail("descr must be a quoted string")
                }
                descr = String(s[s.index(after: s.startIndex)..<end])
                s = s[s.index(after: end)...]
            case "fortran_order":
                if s.hasPrefix("True") { fortran = true; s = s.dropFirst(4) }
                else if s.hasPrefix("False") { fortran = false; s = s.dropFirst(5) }
                else { throw fail("fortran_order must be True or False") }
            case "shape":
                guard s.first == "(", let end = s.firstIndex(of: ")") else { throw fail("shape must be a tuple") }
                let inner = s[s.index(after: s.startIndex)..<end]
                var dims: [Int] = []
                for part in inner.split(separator: ",") {
                    let t = part.trimmingCharacters(in: " ").replacingOccurrences(of: "L", with: "")
                    if t.isEmpty { continue }
                    guard let d = Int(t), d >= 0 else { throw fail("shape entry '\(t)' is not a size") }
                    dims.append(d)
                }
                shape = dims
                s = s[s.index(after: end)...]
            default:
                throw fail("unknown key '\(key)'")
            }
        }
        guard let descr, let fortran, let shape else { throw fail("needs 'descr', 'fortran_order' and 'shape'") }
        guard let (size, load) = NPYHeader.reader(for: descr) else {
            throw DataError(file: file, .byte(offset), "unsupported dtype '\(descr)' (supported: <f4, <f8, |u1, |i1, <i4, <i8)")
        }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
        self.itemSize = size
        self.load = load
    }

    /// Element size and a converter to Float for each supported little-endian dtype.
    static func reader(for descr: String) -> (Int, (UnsafeRawPointer, Int) -> Float)? {
        switch descr {
        case "<f4": return (4, { p, i in Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) })
        case "<f8": return (8, { p, i in Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) })
        case "|u1", "<u1", "u1": return (1, { p, i in Float(p.load(fromByteOffset: i, as: UInt8.self)) })
        case "|i1", "<i1", "i1": return (1, { p, i in Float(p.load(fromByteOffset: i, as: Int8.self)) })
        case "<i4": return (4, { p, i in Float(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) })
        case "<i8": return (8, { p, i in Float(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) })
        default: return nil
        }
    }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while let c = s.last, c == " " || c == "\n" || c == "\r" || c == "\t" { s = s.dropLast() }
        while let c = s.first, c == " " { s = s.dropFirst() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
