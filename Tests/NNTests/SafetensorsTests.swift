import Foundation
import Testing
@testable import NN
import Tensor

/// Reading and writing safetensors, and refusing files that lie.
extension NNTests {
    @Suite struct SafetensorsFormat {
        static func tempPath(_ name: String) -> String {
            NSTemporaryDirectory() + "nn-\(ProcessInfo.processInfo.processIdentifier)-\(name).safetensors"
        }

        /// A file from a header string and data bytes (header length as given, or the true one).
        static func file(header: String, data: [UInt8], claimedLength: UInt64? = nil) throws -> String {
            let h = Array(header.utf8)
            var n = claimedLength ?? UInt64(h.count)
            var bytes: [UInt8] = []
            for _ in 0..<8 { bytes.append(UInt8(n & 0xFF)); n >>= 8 }
            bytes += h + data
            let path = tempPath(String(header.hashValue.magnitude))
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        @Test func roundTripKeepsNamesShapesValuesAndMetadata() throws {
            let a = try Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, .infinity, -0.25])
            let b = try Tensor(shape: [1], scalars: [42])
            let path = Self.tempPath("roundtrip")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Safetensors.write(["layer.weight": a, "b\"q": b], metadata: ["format": "pt"], to: path)
            let (t, meta) = try Safetensors.readWithMetadata(path: path)
            #expect(meta == ["format": "pt"])
            #expect(Set(t.keys) == ["layer.weight", "b\"q"])
            #expect(t["layer.weight"]?.shape == [2, 3] && t["layer.weight"]?.scalars == a.scalars)
            #expect(t["b\"q"]?.scalars == [42])
            // The header is padded with spaces to a multiple of 8 bytes.
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect(n % 8 == 0 && bytes.count == 8 + n + 7 * 4)
        }

        @Test func modelWeightsRoundTrip() throws {
            Random.seed(11)
            let ae = try Builders.autoencoder(latent: 72)
            let path = Self.tempPath("ae")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try ae.saveWeights(to: path)
            Random.seed(12)
            let other = try Builders.autoencoder(latent: 72)
            #expect(other.parameters[0].value.scalars != ae.parameters[0].value.scalars)
            try other.loadWeights(from: path)
            #expect(other.parameters.map { $0.value.scalars } == ae.parameters.map { $0.value.scalars })
        }

        @Test func referenceFileHeaderIsThePyTorchStateDict() throws {
            let t = try Safetensors.read(path: fixtureURL("reference-ae", "safetensors").path)
            #expect(t.count == 14)
            #expect(t["0.3.weight"]?.shape == [8, 16, 3, 3])
            #expect(t.values.reduce(0) { $0 + $1.count } == 4_385)
        }

        @Test func otherDtypesAreConverted() throws {
            // F64 1.5, F16 -2.0 (0xC000) and 2^-24 (0x0001), BF16 3.0 (0x4040), I64 -7.
            var data: [UInt8] = []
            var d = (1.5 as Double).bitPattern
            for _ in 0..<8 { data.append(UInt8(d & 0xFF)); d >>= 8 }
            data += [0x00, 0xC0, 0x01, 0x00]
            data += [0x40, 0x40]
            var i = UInt64(bitPattern: -7)
            for _ in 0..<8 { data.append(UInt8(i & 0xFF)); i >>= 8 }
            let header = #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},"b":{"dtype":"BF16","shape":[],"data_offsets":[12,14]},"n":{"dtype":"I64","shape":[1],"data_offsets":[14,22]}}"#
            let path = try Self.file(header: header, data: data)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let t = try Safetensors.read(path: path)
            #expect(t["a"]?.scalars == [1.5])
            #expect(t["h"]?.scalars == [-2, 0x1p-24])
            #expect(t["b"]?.scalars == [3] && t["b"]?.shape == [])
            #expect(t["n"]?.scalars == [-7])
        }

        /// Each lying file and the error it gets (the path prefix is cut off).
        static let lies: [(header: String, data: Int, claimed: UInt64?, error: String)] = [
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 8, 1 << 40,
             "not a safetensors file (header length 1099511627776 bytes exceeds the 100000000-byte limit)"),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 0, 4096,
             "truncated: the header claims 4096 bytes but the file has 62 bytes in all"),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}}"#, 8, nil,
             "invalid safetensors header: entry 'w' has data_offsets [0, 800] outside the 8 bytes of data"),
            (#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, nil,
             "invalid safetensors header: entry 'w' of shape [3] and dtype F32 needs 12 bytes, its offsets span 8"),
            (#"{"w":{"dtype":"F32","shape":[65536,65536,65536],"data_offsets":[0,8]}}"#, 8, nil,
             "invalid safetensors header: entry 'w' has shape [65536, 65536, 65536], too large (limit 1073741824 values)"),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, nil,
             "invalid safetensors header: entries 'w' and 'v' overlap"),
            (#"{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, 8, nil,
             "invalid safetensors header: entry 'w' has dtype C64, which is not supported (F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)"),
            (#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,8]}}"#, 8, nil,
             "invalid safetensors header: entry 'w' has a shape that is not a list of non-negative integers"),
            (#"{"w": [1, 2"#, 8, nil, "invalid safetensors header: the header is not valid JSON"),
            (#"[1, 2]"#, 8, nil, "invalid safetensors header: the header is not a JSON object"),
        ]

        @Test func lyingHeadersAreRefused() throws {
            for lie in Self.lies {
                let path = try Self.file(header: lie.header, data: [UInt8](repeating: 0, count: lie.data), claimedLength: lie.claimed)
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(throws: NNError("\(path): \(lie.error)")) { try Safetensors.read(path: path) }
            }
        }

        @Test func missingAndTinyFiles() throws {
            #expect(throws: NNError("/nonexistent/w.safetensors: cannot open the file (missing or unreadable)")) {
                try Safetensors.read(path: "/nonexistent/w.safetensors")
            }
            let path = Self.tempPath("tiny")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
            #expect(throws: NNError("\(path): truncated: wanted 8 more bytes, got 3")) { try Safetensors.read(path: path) }
        }

        @Test func loadingChecksNamesAndShapesBeforeCopying() throws {
            let ae = try Builders.autoencoder(latent: 72)
            let before = ae.parameters[0].value.scalars
            var sd = Dictionary(uniqueKeysWithValues: ae.stateDict().map { ($0.0, $0.1.copy()) })
            sd["0.0.weight"] = try Tensor(zeros: [16, 1, 3, 3])
            sd["1.9.bias"] = try Tensor(zeros: [2])
            #expect(throws: NNError("'1.9.bias' has shape [2] in the weights but [1] in the model")) {
                try ae.load(stateDict: sd)
            }
            #expect(ae.parameters[0].value.scalars == before)
            sd["1.9.bias"] = nil
            #expect(throws: NNError("the weights have no '1.9.bias' (expected shape [1])")) { try ae.load(stateDict: sd) }
            sd["1.9.bias"] = try Tensor(zeros: [1])
            sd["extra"] = try Tensor(zeros: [1])
            #expect(throws: NNError("the weights have 1 name this model does not: 'extra'")) { try ae.load(stateDict: sd) }
            try ae.load(stateDict: sd, strict: false)
            #expect(ae.parameters[0].value.scalars.allSatisfy { $0 == 0 })
        }
    }
}
