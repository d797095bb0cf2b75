import Testing
@testable import Data
import Tensor

@Suite struct NPYTests {
    /// A hand-built .npy (version 1.0) with the given header dict and payload.
    func npy(_ dict: String, _ payload: [UInt8], version: UInt8 = 1) -> [UInt8] {
        var h = dict
        let prefix = version == 1 ? 10 : 12
        h += String(repeating: " ", count: (64 - (prefix + h.utf8.count + 1) % 64) % 64) + "\n"
        let n = h.utf8.count
        let len: [UInt8] = version == 1 ? [UInt8(n & 0xff), UInt8(n >> 8)] : [UInt8(n & 0xff), UInt8(n >> 8), 0, 0]
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0] + len + Array(h.utf8) + payload
    }

    func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    }

    @Test func roundTrip() throws {
        let dir = try TempDir()
        for shape in [[2, 3], [4], [], [1, 2, 2, 1], [0, 3]] {
            let n = shape.reduce(1, *)
            let t = try Tensor(shape: shape, scalars: (0..<n).map { Float($0) * 0.25 - 1 })
            let p = dir.file("t.npy")
            try NPY.write(t, to: p)
            let back = try NPY.read(p)
            #expect(back.shape == shape)
            #expect(back.scalars == t.scalars)
        }
        // The header numpy expects: 64-byte aligned data, a Python dict.
        let bytes = NPY.encode(try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect((bytes.count - 24) % 64 == 0)
        let header = String(decoding: bytes[10..<(bytes.count - 24)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix("\n"))
    }

    @Test func otherDtypesAndOrders() throws {
        let f8 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", le([Double(1.5).bitPattern, Double(-2).bitPattern]))
        #expect(try NPY.decode(f8).scalars == [1.5, -2])
        let u1 = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [0, 128, 255])
        #expect(try NPY.decode(u1).scalars == [0, 128, 255])
        let i8 = npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", le([7, -3] as [Int64]))
        #expect(try NPY.decode(i8).scalars == [7, -3])
        // Fortran order: columns first. [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
        let fo = npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", [1, 4, 2, 5, 3, 6])
        #expect(try NPY.decode(fo).scalars == [1, 2, 3, 4, 5, 6])
        let v2 = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1), }", [9], version: 2)
        #expect(try NPY.decode(v2).shape == [1, 1])
    }

    @Test func corruptHeadersAndLyingShapes() throws {
        #expect(thrown { _ = try NPY.decode(Array("not numpy at all".utf8)) }
                == "npy data: byte 0: not a .npy file (expected the magic \\x93NUMPY)")
        let lying = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 3), }", le([0, 0] as [UInt32]))
        #expect(thrown { _ = try NPY.decode(lying) } == "npy data: byte 128: shape [3, 3] of <f4 needs 36 data bytes, found 8")
        let extra = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", [1, 2])
        #expect(thrown { _ = try NPY.decode(extra) } == "npy data: byte 128: shape [1] of |u1 needs 1 data bytes, found 2")
        let big = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 1000), }", [])
        #expect(thrown { _ = try NPY.decode(big) } == "npy data: byte 10: shape [100000, 100000, 1000] is too large")
        let be = npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0])
        #expect(thrown { _ = try NPY.decode(be) }
                == "npy data: byte 10: unsupported dtype '>f4' (supported: <f4, <f8, |u1, |i1, <i4, <i8)")
        let noShape = npy("{'descr': '<f4', 'fortran_order': False, }", [])
        #expect(thrown { _ = try NPY.decode(noShape) }
                == "npy data: byte 10: bad .npy header: needs 'descr', 'fortran_order' and 'shape'")
        let negative = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", [])
        #expect(thrown { _ = try NPY.decode(negative) } == "npy data: byte 10: bad .npy header: shape entry '-1' is not a size")
        let garbage = npy("[1, 2, 3]", [])
        #expect(thrown { _ = try NPY.decode(garbage) } == "npy data: byte 10: bad .npy header: expected a {…} dictionary")
        var cut = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [])
        cut.removeLast(30)
        #expect(thrown { _ = try NPY.decode(cut) } == "npy data: byte 10: header of 118 bytes runs past the end of the file (98 bytes)")
        let version = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 9, 0, 0, 0] as [UInt8]
        #expect(thrown { _ = try NPY.decode(version) } == "npy data: byte 6: unsupported .npy version 9.0")
    }
}
