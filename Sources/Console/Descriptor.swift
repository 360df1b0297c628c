import HAL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The console's one place that turns `errno` into an error, and small descriptor helpers.
enum Descriptor {
    static func error(_ operation: String, _ context: String, _ code: Int32 = errno) -> HALError {
        HALError(code == EPIPE || code == EIO || code == ECONNRESET ? .linkDown : .system,
                 operation: operation, context: context, errno: code,
                 detail: String(cString: strerror(code)))
    }

    static func setNonBlocking(_ fd: Int32, _ context: String) throws(HALError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw error("set O_NONBLOCK", context) }
    }

    static func isSocket(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    /// Writes what the descriptor takes now; returns the count, 0 when it would block, nil on a
    /// lost peer or other error (`send` with MSG_NOSIGNAL on sockets: a vanished peer is no SIGPIPE).
    static func writeSome(_ fd: Int32, _ bytes: [UInt8], socket: Bool) -> Int? {
        let count = bytes.withUnsafeBytes { buffer -> Int in
            #if canImport(Glibc)
            socket ? send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) : write(fd, buffer.baseAddress, buffer.count)
            #else
            write(fd, buffer.baseAddress, buffer.count)
            #endif
        }
        if count >= 0 { return count }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : nil
    }
}

/// A level-triggered stop flag that `poll` can wait on: a pipe that is written once and never drained.
final class StopSignal: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws(HALError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Descriptor.error("create stop pipe", "console") }
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
    }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    var isSignalled: Bool {
        var entry = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}
