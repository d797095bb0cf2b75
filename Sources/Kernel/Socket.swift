// A thin Swift face on libzmq's C API: multipart send and receive, retried when
// a signal (Ctrl-C, or Jupyter's SIGINT interrupt) cuts a blocking call short.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZMQ

/// One ZeroMQ context per kernel; sockets are made from it.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let h = zmq_ctx_new() else { throw KernelError("zmq_ctx_new failed: \(ZMQSocket.lastError())") }
        handle = h
    }
}

/// A ZeroMQ socket used by one thread at a time (callers lock shared ones).
public final class ZMQSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(_ context: ZMQContext, type: Int32) throws {
        guard let h = zmq_socket(context.handle, type) else { throw KernelError("zmq_socket failed: \(ZMQSocket.lastError())") }
        handle = h
        var linger: Int32 = 1000  // messages still queued at exit get one second to leave
        zmq_setsockopt(h, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else {
            throw KernelError("cannot listen on \(endpoint): \(ZMQSocket.lastError())")
        }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else {
            throw KernelError("cannot connect to \(endpoint): \(ZMQSocket.lastError())")
        }
    }

    public func subscribe(_ prefix: String = "") {
        let bytes = Array(prefix.utf8)
        zmq_setsockopt(handle, ZMQ_SUBSCRIBE, bytes, bytes.count)
    }

    /// Sends all frames as one message.
    public func send(_ frames: [[UInt8]]) {
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, frame.count, flags) }
                if rc >= 0 || zmq_errno() != EINTR { break }
            }
        }
    }

    /// Waits for the next whole message (all its frames); nil only when the socket is closed.
    public func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var msg = zmq_msg_t()
            zmq_msg_init(&msg)
            defer { zmq_msg_close(&msg) }
            let rc = zmq_msg_recv(&msg, handle, 0)
            if rc < 0 {
                if zmq_errno() == EINTR { continue }
                return nil
            }
            let size = zmq_msg_size(&msg)
            if let data = zmq_msg_data(&msg), size > 0 {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&msg) == 0 { return frames }
        }
    }

    /// True when a message is waiting; waits at most `milliseconds` (-1: forever).
    public func poll(milliseconds: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let rc = zmq_poll(&item, 1, milliseconds)
        return rc > 0 && (item.revents & Int16(ZMQ_POLLIN)) != 0
    }

    public func close() { zmq_close(handle) }

    static func lastError() -> String { String(cString: zmq_strerror(zmq_errno())) }
}
