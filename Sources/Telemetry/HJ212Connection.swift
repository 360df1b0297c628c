import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection with deadlines, owned by the ``HJ212Client`` thread.
/// Errors carry the call and errno; the descriptor is closed in `deinit`.
final class HJ212Connection {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
    }

    private let fd: Int32

    /// Connects to `host:port` (IPv4/IPv6, name or address), giving up after `timeoutMilliseconds`.
    init(host: String, port: Int, timeoutMilliseconds: Int32) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw Failure(operation: "resolve \(host)", code: EHOSTUNREACH) }
        defer { freeaddrinfo(list) }
        let socketFD = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(operation: "socket", code: errno) }
        // Non-blocking connect so an unreachable platform costs the timeout, not the kernel's minutes.
        let flags = fcntl(socketFD, F_GETFL)
        _ = fcntl(socketFD, F_SETFL, flags | O_NONBLOCK)
        if connect(socketFD, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(socketFD)
                throw Failure(operation: "connect \(host):\(port)", code: code)
            }
            var descriptor = pollfd(fd: socketFD, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socketFD, SOL_SOCKET, SO_ERROR, &error, &length)
            if ready <= 0 || error != 0 {
                close(socketFD)
                throw Failure(operation: "connect \(host):\(port)", code: ready <= 0 ? ETIMEDOUT : error)
            }
        }
        _ = fcntl(socketFD, F_SETFL, flags)
        var one: Int32 = 1
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = socketFD
    }

    deinit { close(fd) }

    /// Writes every byte (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "send", code: errno)
            }
            offset += written
        }
    }

    /// Bytes received within `timeoutMilliseconds` (empty on timeout). Throws when the peer closed.
    func receive(timeoutMilliseconds: Int32) throws -> [UInt8] {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, max(0, timeoutMilliseconds))
        if ready < 0 { if errno == EINTR { return [] }; throw Failure(operation: "poll", code: errno) }
        guard ready > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { if errno == EINTR { return [] }; throw Failure(operation: "recv", code: errno) }
        guard count > 0 else { throw Failure(operation: "recv (platform closed the connection)", code: ECONNRESET) }
        return Array(buffer[..<count])
    }
}
