import Glibc

/// A bound Unix datagram socket, e.g. a stand-in for systemd's `$NOTIFY_SOCKET`.
public final class DatagramSocket {
    public let path: String
    public let fd: Int32

    /// Binds `path` (removed first if it exists); nil if the socket cannot be made.
    public init?(path: String) {
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Every datagram waiting now, as text (bounded).
    public func drain(limit: Int = 1000) -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while messages.count < limit {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { break }
            messages.append(String(decoding: buffer.prefix(count), as: UTF8.self))
        }
        return messages
    }
}
