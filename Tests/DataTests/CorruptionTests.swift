import Testing
@testable import Data
import Tensor

/// Every prefix and many byte flips of small valid files: each must load or
/// throw a DataError, never trap (the REPL must survive any file).
@Suite struct CorruptionTests {
    func mutations(of bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = (0..<bytes.count).map { Array(bytes.prefix($0)) }
        var rng = RandomGenerator(seed: 11)
        for _ in 0..<100 {
            var b = bytes
            let i = Int(rng.next() % UInt64(b.count))
            b[i] = UInt8(truncatingIfNeeded: rng.next())
            out.append(b)
        }
        return out
    }

    func survives(_ files: [[UInt8]], _ load: (String) throws -> Void) throws -> Int {
        let dir = try TempDir()
        var errors = 0
        for (k, bytes) in files.enumerated() {
            let p = try dir.write("f\(k)", bytes)
            do { try load(p) } catch is DataError { errors += 1 }
        }
        return errors
    }

    @Test func idxAndGzip() throws {
        let raw = idxBytes(dims: [2, 3, 3], payload: Array(0..<18))
        let errors = try survives(mutations(of: raw) + mutations(of: gzip(raw))) { _ = try IDX.load(images: $0, labels: nil) }
        #expect(errors > raw.count)   // every strict prefix fails, at least
    }

    @Test func png() throws {
        let t = try Tensor(shape: [3, 4, 4], scalars: (0..<48).map { Float($0) / 47 })
        let bytes = try PNG.encode(PNG.pixels(of: t))
        let errors = try survives(mutations(of: bytes)) { _ = try PNG.read($0) }
        #expect(errors >= bytes.count)
    }

    @Test func npy() throws {
        let bytes = NPY.encode(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        let errors = try survives(mutations(of: bytes)) { _ = try NPY.read($0) }
        #expect(errors >= bytes.count)
    }

    @Test func csv() throws {
        let bytes = Array("label,a,b,c,d\n1,0,255,3,4\n2,5,6,7,8\n".utf8)
        _ = try survives(mutations(of: bytes)) { _ = try CSVDataset.load($0) }
    }
}
