import Glibc

/// systemd's notification protocol (`sd_notify`, without libsystemd): `READY=1`,
/// `WATCHDOG=1`, `STATUS=...`, `STOPPING=1` as datagrams to `$NOTIFY_SOCKET`.
public final class SystemdNotifier {
    public let socketPath: String?
    /// Half of `WatchdogSec` (from `$WATCHDOG_USEC`): how often to send `WATCHDOG=1`; nil when not asked.
    public let watchdogInterval: Double?

    /// Reads the environment systemd gives a `Type=notify` service; inert when absent.
    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Double.init).map { $0 / 2e6 }
    }

    public var isActive: Bool { socketPath != nil }

    /// Sends one notification; returns false when there is no socket or the send failed.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard var path = socketPath else { return false }
        // An abstract socket is written with a leading '@' and addressed with a leading NUL.
        let abstract = path.hasPrefix("@")
        if abstract { path.removeFirst() }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count + (abstract ? 1 : 0) < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let offset = abstract ? 1 : 0
            for (index, byte) in bytes.enumerated() { raw[index + offset] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 1 : 0))
        let sent = state.utf8CString.withUnsafeBufferPointer { message in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, message.baseAddress, message.count - 1, 0, $0, length)
                }
            }
        }
        return sent == state.utf8.count
    }
}
