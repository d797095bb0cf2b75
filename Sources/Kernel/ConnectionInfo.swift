// The connection file Jupyter writes before starting a kernel: where the five
// sockets listen and the key that signs every message.

import Foundation

/// `{"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, ..., "key": "…", "signature_scheme": "hmac-sha256"}`
public struct ConnectionInfo: Decodable, Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port", signatureScheme = "signature_scheme"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try c.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try c.decode(Int.self, forKey: .shellPort)
        iopubPort = try c.decode(Int.self, forKey: .iopubPort)
        stdinPort = try c.decode(Int.self, forKey: .stdinPort)
        controlPort = try c.decode(Int.self, forKey: .controlPort)
        hbPort = try c.decode(Int.self, forKey: .hbPort)
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try c.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
    }

    /// Reads and checks a connection file; errors name the file and what is wrong.
    public static func load(path: String) throws -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file \(path)")
        }
        let info: ConnectionInfo
        do {
            info = try JSONDecoder().decode(ConnectionInfo.self, from: data)
        } catch {
            throw KernelError("\(path) is not a Jupyter connection file: \(error)")
        }
        guard info.signatureScheme == "hmac-sha256" || info.key.isEmpty else {
            throw KernelError("\(path): signature scheme \(info.signatureScheme) is not supported (only hmac-sha256)")
        }
        return info
    }

    /// `tcp://127.0.0.1:53794`, or `ipc://path-1` for the ipc transport.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}

/// An error of the kernel's own (bad connection file, socket failure, kernelspec folder).
public struct KernelError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
