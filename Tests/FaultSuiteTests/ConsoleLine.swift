import Foundation
import Glibc

/// A technician on `floc run`'s console socket: sends lines, waits (bounded) for text to come
/// back. Everything received is kept for failure messages.
final class ConsoleLine {
    private var fd: Int32 = -1
    private(set) var received = ""
    private var searchFrom = 0

    /// Connects to `path`; nil when nobody serves there yet.
    init?(path: String) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            close(socketFD)
            return nil
        }
        fd = socketFD
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Sends `line` ended by a carriage return, as a terminal's Enter key does.
    func send(_ line: String) {
        let bytes = Array((line + "\r").utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// True once `text` arrives after the previous match, false after `seconds` or on hang-up.
    func waitFor(_ text: String, seconds: Double = 5) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 2048)
        while true {
            let tail = received.utf8.dropFirst(searchFrom)
            if let range = String(decoding: tail, as: UTF8.self).range(of: text) {
                let consumed = String(decoding: tail, as: UTF8.self)[..<range.upperBound].utf8.count
                searchFrom += consumed
                return true
            }
            let left = end.timeIntervalSinceNow
            guard left > 0 else { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return false }
            received += String(decoding: chunk[0..<count], as: UTF8.self)
        }
    }

    /// Logs in as `user`; false when the console did not say so.
    func login(_ user: String, password: String) -> Bool {
        guard waitFor("login: ") else { return false }
        send(user)
        guard waitFor("password: ") else { return false }
        send(password)
        return waitFor("Logged in as \(user)")
    }
}
