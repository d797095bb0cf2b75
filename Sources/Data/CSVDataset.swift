import Foundation
import Tensor

/// A dataset from a CSV file of one image per line: the label, then the pixels
/// (integers 0–255), as in the popular `mnist_train.csv`:
///
///     label,1x1,1x2,…,28x28        ← optional header (first field not a number)
///     5,0,0,0,…,0
///
///     let digits = try CSVDataset.load("mnist_test.csv")   // shape inferred: 1×28×28
///
/// Without `imageShape`, a square pixel count n² gives `[1, n, n]`, any other
/// count D gives `[1, 1, D]`. Blank lines are skipped; `\r\n` line ends are fine.
/// Every line must have the same number of fields (errors name the line).
public enum CSVDataset {
    /// - `label`: the header's name of the label column (default: a column named
    ///   `label` if the header has one, else the first column).
    /// - `classes`: the number of classes; a label ≥ it is refused with its line.
    public static func load(_ path: String, imageShape: [Int]? = nil, label labelName: String? = nil,
                            classes: Int? = nil, name: String? = nil) throws -> Dataset {
        if let shape = imageShape {
            guard shape.count == 3, shape.allSatisfy({ (1...1 << 16).contains($0) }), shape.reduce(1, *) <= 1 << 24 else {
                throw DataError(file: path, nil, "image shape must be [C, H, W] with sizes 1…65,536 and at most 16,777,216 pixels, got \(describeShape(shape))")
            }
        }
        if let classes, !(1...(Dataset.maxLabel + 1)).contains(classes) {
            throw DataError(file: path, nil, "classes must be between 1 and \(formatCount(Dataset.maxLabel + 1)), got \(classes)")
        }
        let data = try FileBytes.read(path)
        let p = data.pointer, n = data.count
        var pixels: [UInt8] = []
        var labels: [Int] = []
        var fieldsPerLine: Int? = imageShape.map { $0.reduce(1, *) + 1 }
        var labelColumn = 0
        let headerLine = firstContentLine(p, n)
        var pos = 0, lineNumber = 0
        var row: [Int] = []
        var sawHeader = false
        while pos < n {
            lineNumber += 1
            var end = pos
            while end < n && p[end] != 0x0A { end += 1 }
            var last = end
            if last > pos && p[last - 1] == 0x0D { last -= 1 }
            defer { pos = end + 1 }
            if isBlank(p, pos, last) { continue }
            // A header: the first field of the first non-blank line is not a number.
            if lineNumber == headerLine && !startsWithNumber(p, pos, last) {
                sawHeader = true
                let names = headerNames(p, pos, last)
                if let labelName {
                    guard let k = names.firstIndex(of: labelName) else {
                        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
                        throw DataError(file: path, .line(lineNumber), "no column named \"\(labelName)\" in the header (\(shown))")
                    }
                    labelColumn = k
                } else if let k = names.firstIndex(where: { $0.lowercased() == "label" }) {
                    labelColumn = k
                }
                continue
            }
            if let labelName, !sawHeader {
                throw DataError(file: path, .line(lineNumber), "label: \"\(labelName)\" needs a header line naming the columns, and this file has none (its first line is numbers)")
            }
            row.removeAll(keepingCapacity: true)
            try parseLine(p, pos, last, into: &row, file: path, line: lineNumber)
            if fieldsPerLine == nil {
                guard row.count >= 2 else {
                    throw DataError(file: path, .line(lineNumber), "expected a label and at least one pixel, found \(row.count) field")
                }
                fieldsPerLine = row.count
            }
            let expected = fieldsPerLine ?? row.count
            guard row.count == expected else {
                throw DataError(file: path, .line(lineNumber), "expected \(expected) fields (label + \(expected - 1) pixels), found \(row.count)")
            }
            guard labelColumn < row.count else {
                throw DataError(file: path, .line(lineNumber), "has no field \(labelColumn + 1) for the label column")
            }
            let label = row[labelColumn]
            guard label >= 0 else { throw DataError(file: path, .line(lineNumber), "label \(label) is negative") }
            if let classes, label >= classes {
                throw DataError(file: path, .line(lineNumber), "label \(label) is not one of the \(classes) classes (0–\(classes - 1))")
            }
            guard label <= Dataset.maxLabel else {
                throw DataError(file: path, .line(lineNumber), "label \(formatCount(label)) is beyond the largest class number \(formatCount(Dataset.maxLabel))")
            }
            labels.append(label)
            var k = 0
            for (f, v) in row.enumerated() where f != labelColumn {
                k += 1
                guard v >= 0 && v <= 255 else {
                    throw DataError(file: path, .line(lineNumber), "pixel \(k) is \(v), expected 0–255")
                }
                pixels.append(UInt8(v))
            }
            guard pixels.count <= FileBytes.maxBytes else {
                throw DataError(file: path, .line(lineNumber), "more than \(formatCount(FileBytes.maxBytes)) pixels")
            }
        }
        guard let fields = fieldsPerLine, !labels.isEmpty else {
            throw DataError(file: path, nil, "has no data lines")
        }
        let d = fields - 1
        let side = Int(Double(d).squareRoot().rounded())
        let shape = imageShape ?? (side * side == d ? [1, side, side] : [1, 1, d])
        let store = ImageStore(bytes: ByteBuffer(pixels), offset: 0, count: labels.count, imageShape: shape)
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        return try Dataset(store: store, labels: labels, name: name ?? fileName, classNames: nil, classes: classes)
    }

    /// The column names of a header line (spaces and quotes trimmed).
    static func headerNames(_ p: UnsafeMutablePointer<UInt8>, _ a: Int, _ b: Int) -> [String] {
        let text = String(decoding: UnsafeBufferPointer(start: p + a, count: b - a), as: UTF8.self)
        return text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        }
    }

    static func isBlank(_ p: UnsafeMutablePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        (a..<b).allSatisfy { p[$0] == 0x20 || p[$0] == 0x09 }
    }

    static func firstContentLine(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        var pos = 0, line = 1
        while pos < n {
            var end = pos
            while end < n && p[end] != 0x0A { end += 1 }
            var last = end
            if last > pos && p[last - 1] == 0x0D { last -= 1 }
            if !isBlank(p, pos, last) { return line }
            pos = end + 1
            line += 1
        }
        return line
    }

    static func startsWithNumber(_ p: UnsafeMutablePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        var i = a
        while i < b && (p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x22) { i += 1 }
        if i < b && (p[i] == 0x2D || p[i] == 0x2B) { i += 1 }
        return i < b && p[i] >= 0x30 && p[i] <= 0x39
    }

    /// Splits one line at commas into integers (surrounding spaces and quotes
    /// allowed, `12.0` accepted as 12; anything else is an error naming the field).
    static func parseLine(_ p: UnsafeMutablePointer<UInt8>, _ a: Int, _ b: Int, into row: inout [Int],
                          file: String, line: Int) throws {
        var i = a
        while true {
            var start = i
            while i < b && p[i] != 0x2C { i += 1 }
            var end = i
            while start < end && (p[start] == 0x20 || p[start] == 0x09 || p[start] == 0x22) { start += 1 }
            while end > start && (p[end - 1] == 0x20 || p[end - 1] == 0x09 || p[end - 1] == 0x22) { end -= 1 }
            guard let v = integer(p, start, end) else {
                let text = String(decoding: UnsafeBufferPointer(start: p + start, count: min(end - start, 20)), as: UTF8.self)
                throw DataError(file: file, .line(line), "field \(row.count + 1) is '\(text)', expected an integer")
            }
            row.append(v)
            if i >= b { return }
            i += 1  // past the comma
        }
    }

    static func integer(_ p: UnsafeMutablePointer<UInt8>, _ a: Int, _ b: Int) -> Int? {
        var i = a, negative = false
        if i < b && (p[i] == 0x2D || p[i] == 0x2B) { negative = p[i] == 0x2D; i += 1 }
        guard i < b else { return nil }
        var v = 0, digits = 0
        while i < b && p[i] >= 0x30 && p[i] <= 0x39 {
            v = v * 10 + Int(p[i] - 0x30)
            if v > 1 << 40 { return nil }
            i += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        if i < b && p[i] == 0x2E {  // "12.0": a fractional part of zeros only
            i += 1
            while i < b && p[i] == 0x30 { i += 1 }
        }
        guard i == b else { return nil }
        return negative ? -v : v
    }
}
