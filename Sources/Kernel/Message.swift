// Jupyter wire messages (protocol 5.3): routing identities, the `<IDS|MSG>`
// delimiter, the signature, then header, parent header, metadata and content as
// JSON, and optional binary buffers.

import Foundation

/// A JSON object as Foundation's JSONSerialization reads and writes it.
public typealias JSONObject = [String: Any]

/// One message received on, or sent to, a kernel socket.
public struct Message {
    public static let delimiter = Array("<IDS|MSG>".utf8)
    public static let protocolVersion = "5.3"

    /// ZeroMQ routing frames (ROUTER sockets), sent back with the reply.
    public var identities: [[UInt8]] = []
    public var header: JSONObject
    /// The parent's header exactly as it arrived, so replies echo it byte for byte.
    public var parentHeader: [UInt8]
    public var metadata: JSONObject
    public var content: JSONObject

    public var type: String { header["msg_type"] as? String ?? "" }
    public var session: String { header["session"] as? String ?? "" }

    /// A new message answering (or caused by) `parent`.
    public init(type: String, content: JSONObject, parent: Message?, session: String, metadata: JSONObject = [:]) {
        header = [
            "msg_id": UUID().uuidString.lowercased(),
            "session": session,
            "username": "latent",
            "date": Message.timestamp(),
            "msg_type": type,
            "version": Message.protocolVersion,
        ]
        parentHeader = parent.map { Message.json($0.header) } ?? Array("{}".utf8)
        self.metadata = metadata
        self.content = content
        self.identities = parent?.identities ?? []
    }

    /// Parses frames from a socket; nil (and a note on stderr) for a malformed or badly signed message.
    public static func parse(_ frames: [[UInt8]], signer: Signer) -> Message? {
        guard let d = frames.firstIndex(of: delimiter), frames.count >= d + 6 else {
            FileHandle.standardError.write(Data("latent kernel: ignored a message without <IDS|MSG> and five frames\n".utf8))
            return nil
        }
        let signature = String(decoding: frames[d + 1], as: UTF8.self)
        let parts = Array(frames[(d + 2)...(d + 5)])
        guard signer.verify(signature, parts) else {
            FileHandle.standardError.write(Data("latent kernel: ignored a message with a wrong signature\n".utf8))
            return nil
        }
        guard let header = object(parts[0]), let metadata = object(parts[2]), let content = object(parts[3]) else {
            FileHandle.standardError.write(Data("latent kernel: ignored a message whose header or content is not JSON\n".utf8))
            return nil
        }
        var m = Message(type: "", content: content, parent: nil, session: "", metadata: metadata)
        m.header = header
        m.parentHeader = parts[1]
        m.identities = Array(frames[..<d])
        return m
    }

    /// The frames to send; `topic` replaces the identities on IOPub.
    public func frames(signer: Signer, topic: String? = nil) -> [[UInt8]] {
        let parts = [Message.json(header), parentHeader, Message.json(metadata), Message.json(content)]
        let prefix = topic.map { [Array($0.utf8)] } ?? identities
        return prefix + [Message.delimiter, Array(signer.signature(parts).utf8)] + parts
    }

    static func object(_ bytes: [UInt8]) -> JSONObject? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? JSONObject
    }

    static func json(_ object: JSONObject) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return Array("{}".utf8)
        }
        return Array(data)
    }

    /// ISO 8601 with microseconds in UTC, as Jupyter writes dates.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(Int(tv.tv_usec), 6))Z"
    }
}
