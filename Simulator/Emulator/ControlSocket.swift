import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// floc-sim's control socket: a Unix stream socket taking one command per line and answering
/// each with one line from a handler (``EmulatorControl/execute(_:)``), on its own thread.
///
/// A live socket at the path (another floc-sim) is refused; a stale one is replaced. A line
/// longer than ``maximumLine`` bytes is answered with an error and the client dropped.
/// ``stop()`` (also on deinit) closes every connection and removes the socket file.
public final class ControlSocket: @unchecked Sendable {
    // @unchecked: the descriptors are set in init and closed by stop() after the thread ends.
    public static let maximumLine = 4096
    public static let maximumClients = 16
    public let path: String
    private let handler: @Sendable (String) -> String
    private var listener: Int32 = -1
    private var wake: (read: Int32, write: Int32) = (-1, -1)
    private var finished: DispatchSemaphore?

    /// Binds and listens at `path` (its folder is created) and starts serving. Fails with a
    /// ``ControlSocketError`` naming the path and why.
    public init(path: String, handler: @escaping @Sendable (String) -> String) throws(ControlSocketError) {
        self.path = path
        self.handler = handler
        try ControlSocket.withAddress(path) { _, _ in }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFSOCK) else {
                throw ControlSocketError(path: path, reason: "exists and is not a socket: remove it or choose --control-socket")
            }
            if (try? ControlClient.connect(path)).map({ close($0); return true }) == true {
                throw ControlSocketError(path: path, reason: "another floc-sim is serving it: stop it or choose --control-socket")
            }
            unlink(path)
        }
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ControlSocketError(path: path, reason: "socket: \(String(cString: strerror(errno)))") }
        let bound = try ControlSocket.withAddress(path) { address, length in bind(listener, address, length) }
        guard bound == 0, listen(listener, 8) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw ControlSocketError(path: path, reason: "bind/listen: \(reason)")
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(listener)
            unlink(path)
            throw ControlSocketError(path: path, reason: "pipe: \(String(cString: strerror(errno)))")
        }
        wake = (pipeEnds[0], pipeEnds[1])
        let done = DispatchSemaphore(value: 0)
        finished = done
        let thread = Thread { [self] in
            serve()
            done.signal()
        }
        thread.name = "floc-sim-control"
        thread.start()
    }

    deinit { stop() }

    /// Stops serving, closes every connection and removes the socket file; harmless twice.
    public func stop() {
        guard let done = finished else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        done.wait()
        finished = nil
        close(listener)
        close(wake.read)
        close(wake.write)
        unlink(path)
    }

    /// The `sockaddr_un` for `path`; fails when the path does not fit (108 bytes).
    static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws(ControlSocketError) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw ControlSocketError(path: path, reason: "a socket path must be 1...\(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    private func serve() {
        var clients: [Int32: [UInt8]] = [:]
        defer { for client in clients.keys { close(client) } }
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let order = Array(clients.keys)
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            fds += order.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                return
            }
            if fds[0].revents != 0 { return }
            if fds[1].revents & Int16(POLLIN) != 0 {
                let client = accept(listener, nil, nil)
                if client >= 0 {
                    if clients.count < Self.maximumClients { clients[client] = [] } else { close(client) }
                }
            }
            for entry in fds.dropFirst(2) where entry.revents != 0 {
                let n = chunk.withUnsafeMutableBufferPointer { read(entry.fd, $0.baseAddress, $0.count) }
                var keep = n > 0
                if n > 0 {
                    clients[entry.fd, default: []] += chunk[0..<n]
                    keep = answerLines(entry.fd, buffer: &clients[entry.fd, default: []])
                }
                if !keep {
                    close(entry.fd)
                    clients[entry.fd] = nil
                }
            }
        }
    }

    /// Answers every complete line in `buffer`; false when the client must be dropped.
    private func answerLines(_ client: Int32, buffer: inout [UInt8]) -> Bool {
        while let newline = buffer.firstIndex(of: 0x0A) {
            let line = String(decoding: buffer[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            buffer.removeSubrange(...newline)
            guard !line.isEmpty else { continue }
            guard send(client, handler(line)) else { return false }
        }
        if buffer.count > Self.maximumLine {
            _ = send(client, "error: line longer than \(Self.maximumLine) bytes")
            return false
        }
        return true
    }

    private func send(_ client: Int32, _ answer: String) -> Bool {
        let bytes = Array((answer.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.send(client, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}

/// The control socket cannot be served at `path`.
public struct ControlSocketError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "control socket \(path): \(reason)" }
}
