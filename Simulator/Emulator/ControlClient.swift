import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The client side of floc-sim's control socket, for `floc-sim fault|plant` and tests.
public enum ControlClient {
    /// Sends one command line and returns the answer line (`ok ...` or `error: ...`).
    /// Fails with ``ControlSocketError`` when nobody serves at `path` or no answer comes
    /// within `timeout` seconds.
    public static func send(_ command: String, to path: String, timeout: Double = 5) throws(ControlSocketError) -> String {
        let fd = try connect(path)
        defer { close(fd) }
        let bytes = Array((command + "\n").utf8)
        guard bytes.withUnsafeBufferPointer({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw ControlSocketError(path: path, reason: "send: \(String(cString: strerror(errno)))")
        }
        var answer: [UInt8] = []
        let end = Date().addingTimeInterval(timeout)
        var byte: UInt8 = 0
        while Date() < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { continue }
            guard read(fd, &byte, 1) == 1 else { break }
            if byte == 0x0A { return String(decoding: answer, as: UTF8.self) }
            answer.append(byte)
        }
        throw ControlSocketError(path: path, reason: answer.isEmpty ? "no answer within \(timeout) s" : "answer cut short")
    }

    /// A connected stream socket to `path`.
    static func connect(_ path: String) throws(ControlSocketError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlSocketError(path: path, reason: "socket: \(String(cString: strerror(errno)))") }
        let result = try ControlSocket.withAddress(path) { Glibc.connect(fd, $0, $1) }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ControlSocketError(path: path, reason: "cannot connect (\(reason)): is floc-sim serving?")
        }
        return fd
    }
}
