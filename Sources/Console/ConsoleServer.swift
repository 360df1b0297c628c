import Dispatch
import Foundation
import HAL
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves console sessions on a Unix socket (mode 0660), one thread each, several at once, each with
/// its own login. A peer that vanishes ends only its own session.
public final class ConsoleServer: Sendable {
    public let path: String
    public let environment: ConsoleEnvironment
    /// Connections beyond this are told so and closed.
    public let maximumSessions: Int
    public let style: TerminalStyle

    private let stopSignal: StopSignal
    private let listener = Mutex<Int32>(-1)
    private let active = Mutex<Int>(0)
    private let counter = Mutex<Int>(0)
    private let threads = DispatchGroup()

    public init(path: String, environment: ConsoleEnvironment, maximumSessions: Int = 8,
                style: TerminalStyle = .vt100) throws(HALError) {
        self.path = path
        self.environment = environment
        self.maximumSessions = max(1, maximumSessions)
        self.style = style
        stopSignal = try StopSignal()
    }

    /// Sessions running now.
    public var activeSessions: Int { active.withLock { $0 } }

    /// Binds the socket (replacing a stale one), sets mode 0660 and starts accepting.
    /// Throws when the path is too long, is something other than a socket, or cannot be bound.
    public func start() throws(HALError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < capacity else {
            throw HALError(.invalidArgument, operation: "bind console socket", context: path,
                           detail: "path longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw HALError(.invalidArgument, operation: "bind console socket", context: path,
                               detail: "exists and is not a socket; remove it or choose another path")
            }
            unlink(path)
        }
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Descriptor.error("create socket", path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o660) == 0, listen(fd, 8) == 0 else {
            let error = Descriptor.error("bind/listen", path)
            close(fd)
            throw error
        }
        listener.withLock { $0 = fd }
        threads.enter()
        Thread.detachNewThread { [self] in
            acceptLoop(fd)
            threads.leave()
        }
    }

    /// Stops accepting, ends every session, waits (up to `timeout` seconds) for their threads, removes the socket.
    public func stop(timeout: Double = 5) {
        stopSignal.signal()
        _ = threads.wait(timeout: .now() + timeout)
        let fd = listener.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 {
            close(fd)
            unlink(path)
        }
    }

    private func acceptLoop(_ fd: Int32) {
        while !stopSignal.isSignalled {
            var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: stopSignal.readEnd, events: Int16(POLLIN), revents: 0)]
            guard poll(&entries, 2, -1) >= 0 || errno == EINTR else { return }
            guard entries[0].revents & Int16(POLLIN) != 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let admitted = active.withLock { count in
                guard count < maximumSessions else { return false }
                count += 1
                return true
            }
            guard admitted else {
                _ = Descriptor.writeSome(client, Array("too many console sessions\r\n".utf8), socket: true)
                close(client)
                continue
            }
            let number = counter.withLock { $0 += 1; return $0 }
            threads.enter()
            Thread.detachNewThread { [self] in
                let session = ConsoleSession(environment: environment, origin: "socket#\(number)", style: style)
                _ = ConsoleTransport.run(session, input: client, output: client, stop: stopSignal,
                                         context: "\(path)#\(number)")
                close(client)
                active.withLock { $0 -= 1 }
                threads.leave()
            }
        }
    }
}
