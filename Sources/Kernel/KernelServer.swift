// The kernel process: five ZeroMQ sockets from the connection file, one thread
// each for the heartbeat and the control channel (so an interrupt_request or
// shutdown arrives while a cell runs), and the shell channel on the main thread,
// where the one Interpreter lives.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CZMQ
import Script
import Notebook

/// `latent kernel --connection-file FILE`.
///
///     let server = try KernelServer(connection: ConnectionInfo.load(path: file))
///     server.run()          // never returns; shutdown_request exits the process
public final class KernelServer {
    let info: ConnectionInfo
    let signer: Signer
    let session = UUID().uuidString.lowercased()
    let context: ZMQContext
    let shell, control, iopub, stdin, heartbeat: ZMQSocket
    /// IOPub is written by the shell and the control thread; ZeroMQ sockets are not thread-safe.
    private let iopubLock = NSLock()
    let host = KernelHost()
    public let sessions = SessionHost()
    let recording: RecordingHost
    public let interpreter: Interpreter
    /// How a progress line reads (the executable passes the terminal's format).
    public var progressText: (EpochProgress) -> String {
        get { host.progressText }
        set { host.progressText = newValue }
    }

    public init(connection: ConnectionInfo) throws {
        info = connection
        signer = Signer(key: connection.key)
        context = try ZMQContext()
        shell = try ZMQSocket(context, type: ZMQ_ROUTER)
        control = try ZMQSocket(context, type: ZMQ_ROUTER)
        stdin = try ZMQSocket(context, type: ZMQ_ROUTER)
        iopub = try ZMQSocket(context, type: ZMQ_PUB)
        heartbeat = try ZMQSocket(context, type: ZMQ_REP)
        try shell.bind(connection.endpoint(connection.shellPort))
        try control.bind(connection.endpoint(connection.controlPort))
        try stdin.bind(connection.endpoint(connection.stdinPort))
        try iopub.bind(connection.endpoint(connection.iopubPort))
        try heartbeat.bind(connection.endpoint(connection.hbPort))
        recording = RecordingHost(wrapping: host, sessions: sessions)
        interpreter = Interpreter(host: recording)
        recording.interpreter = interpreter
    }

    /// Serves until a shutdown_request; exits the process then.
    public func run() -> Never {
        KernelInterrupt.installSignalHandler()
        let hb = heartbeat
        Thread.detachNewThread {
            while let frames = hb.receive() { hb.send(frames) }  // the heartbeat echoes whatever it gets
        }
        Thread.detachNewThread { [self] in
            while let frames = control.receive() {
                guard let m = Message.parse(frames, signer: signer) else { continue }
                handleControl(m)
            }
        }
        // A kernel whose client died (killed test, closed terminal) must not train on forever.
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { sleep(1) }
            exit(0)
        }
        publishStatus("starting", parent: nil)
        while true {
            guard let frames = shell.receive() else { continue }
            guard let m = Message.parse(frames, signer: signer) else { continue }
            handleShell(m)
        }
    }

    // MARK: - Sending

    func reply(_ request: Message, on socket: ZMQSocket, type: String, content: JSONObject) {
        let m = Message(type: type, content: content, parent: request, session: session)
        socket.send(m.frames(signer: signer))
    }

    func publish(_ type: String, _ content: JSONObject, parent: Message?) {
        let m = Message(type: type, content: content, parent: parent, session: session)
        iopubLock.lock()
        iopub.send(m.frames(signer: signer, topic: "kernel.\(session).\(type)"))
        iopubLock.unlock()
    }

    func publishStatus(_ state: String, parent: Message?) {
        publish("status", ["execution_state": state], parent: parent)
    }

    // MARK: - Channels

    func handleShell(_ m: Message) {
        let replyType = m.type.replacingOccurrences(of: "_request", with: "_reply")
        publishStatus("busy", parent: m)
        defer { publishStatus("idle", parent: m) }
        switch m.type {
        case "kernel_info_request":
            reply(m, on: shell, type: replyType, content: Replies.kernelInfo)
        case "execute_request":
            execute(m)
        case "is_complete_request":
            reply(m, on: shell, type: replyType, content: Replies.isComplete(m.content["code"] as? String ?? ""))
        case "complete_request":
            reply(m, on: shell, type: replyType, content: Replies.complete(interpreter, code: m.content["code"] as? String ?? "",
                                                                            cursor: m.content["cursor_pos"] as? Int))
        case "inspect_request":
            reply(m, on: shell, type: replyType, content: Replies.inspect(interpreter, code: m.content["code"] as? String ?? "",
                                                                           cursor: m.content["cursor_pos"] as? Int))
        case "history_request":
            reply(m, on: shell, type: replyType, content: Replies.history(interpreter, request: m.content))
        case "comm_info_request":
            reply(m, on: shell, type: replyType, content: ["status": "ok", "comms": [String: Any]()])
        case "shutdown_request":
            shutdown(m, on: shell)
        default:
            // comm_open and friends: this kernel has no comms (widgets); ignoring is what the protocol expects.
            FileHandle.standardError.write(Data("latent kernel: ignored \(m.type)\n".utf8))
        }
    }

    func handleControl(_ m: Message) {
        switch m.type {
        case "interrupt_request":
            KernelInterrupt.request()
            reply(m, on: control, type: "interrupt_reply", content: ["status": "ok"])
        case "shutdown_request":
            shutdown(m, on: control)
        case "kernel_info_request":
            reply(m, on: control, type: "kernel_info_reply", content: Replies.kernelInfo)
        default:
            FileHandle.standardError.write(Data("latent kernel: ignored \(m.type) on control\n".utf8))
        }
    }

    /// Replies, says so on IOPub, and ends the process. A restart is the client's
    /// work: it starts a fresh kernel once this one has gone.
    func shutdown(_ m: Message, on socket: ZMQSocket) {
        let restart = m.content["restart"] as? Bool ?? false
        reply(m, on: socket, type: "shutdown_reply", content: ["status": "ok", "restart": restart])
        publishStatus("idle", parent: m)
        usleep(200_000)  // ZeroMQ sends from its own thread: give the reply time to leave
        exit(0)
    }

    // MARK: - Execute

    func execute(_ m: Message) {
        let code = m.content["code"] as? String ?? ""
        let silent = m.content["silent"] as? Bool ?? false
        let count = interpreter.cellNumber
        if code.allSatisfy(\.isWhitespace) {  // an empty cell costs no number, as at the prompt
            reply(m, on: shell, type: "execute_reply", content: ["status": "ok", "execution_count": max(0, count - 1),
                                                                 "payload": [Any](), "user_expressions": [String: Any]()])
            return
        }
        if !silent { publish("execute_input", ["code": code, "execution_count": count], parent: m) }
        host.publish = { [unowned self] type, content in publish(type, content, parent: m) }
        host.executionCount = count
        host.silent = silent
        KernelInterrupt.clear()
        let result = recording.runCell(code)
        host.finishCell()
        KernelInterrupt.clear()
        host.silent = false
        if result.ok {
            reply(m, on: shell, type: "execute_reply", content: ["status": "ok", "execution_count": result.number,
                                                                 "payload": [Any](), "user_expressions": [String: Any]()])
            return
        }
        let error = Replies.error(result)
        if !silent { publish("error", error, parent: m) }
        var content = error
        content["status"] = "error"
        content["execution_count"] = result.number
        reply(m, on: shell, type: "execute_reply", content: content)
    }
}
