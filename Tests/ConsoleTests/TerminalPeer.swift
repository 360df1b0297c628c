import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The far end of a console connection in tests: writes keys, reads until expected text arrives
/// (bounded by a deadline on `poll`, not a sleep).
final class TerminalPeer {
    let fd: Int32
    private(set) var received = ""

    init(fd: Int32) { self.fd = fd }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` has arrived since the last call; returns what arrived (empty on timeout).
    func read(until text: String, timeout: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !received.contains(text), Date() < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = Glibc.read(fd, &chunk, chunk.count)
            guard count > 0 else { break }
            received += String(decoding: chunk[0..<count], as: UTF8.self)
        }
        guard let range = received.range(of: text) else { return "" }
        defer { received = String(received[range.upperBound...]) }
        return String(received[..<range.upperBound])
    }

    /// Connects to a Unix socket.
    static func connect(to path: String) -> TerminalPeer? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { _ = Glibc.close(fd); return nil }
        return TerminalPeer(fd: fd)
    }

    func close() { _ = Glibc.close(fd) }
}
