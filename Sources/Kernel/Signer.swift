// HMAC-SHA256 message signatures, as the Jupyter protocol asks: the hex digest of
// header + parent_header + metadata + content, keyed with the connection file's key.
// An empty key means "unsigned" (the protocol allows it; the signature is "").

import CCrypto

/// Signs and checks messages with one key.
///
///     let s = Signer(key: "a0436f6c-1916-498b-8eb9-e81ab9368e84")
///     s.signature([header, parent, metadata, content])   // 64 hex digits
public struct Signer: Sendable {
    public let key: [UInt8]

    public init(key: String) { self.key = Array(key.utf8) }

    /// The hex HMAC-SHA256 of the frames in order; "" when the key is empty.
    public func signature(_ frames: [[UInt8]]) -> String {
        guard !key.isEmpty else { return "" }
        let data = frames.flatMap { $0 }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), d.baseAddress?.assumingMemoryBound(to: UInt8.self),
                     data.count, &out, &length)
            }
        }
        guard ok != nil else { return "" }
        return out.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// True when `signature` is right for the frames (compared in constant time).
    public func verify(_ signature: String, _ frames: [[UInt8]]) -> Bool {
        guard !key.isEmpty else { return true }
        let expected = Array(self.signature(frames).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(expected, given) { diff |= a ^ b }
        return diff == 0
    }
}
