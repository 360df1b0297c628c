import Glibc
import HAL

/// `/dev/watchdog` through the Linux watchdog API (`WDIOC_SETTIMEOUT`, `WDIOC_KEEPALIVE`,
/// magic close 'V').
///
/// The requested timeout is clamped to the board's maximum *before* asking the driver:
/// the BCM2835 (Raspberry Pi) tops out near 15 s and older kernels silently kept their
/// own value for larger requests. The timeout the driver reports back is the one in force.
public final class LinuxWatchdog: Watchdog {
    public let device: String
    public private(set) var timeout: Int
    /// Set when the requested timeout had to be clamped: the caller logs it.
    public let clampWarning: String?
    private var fd: Int32

    // linux/watchdog.h ioctls (generic _IOC encoding: the same on arm, arm64 and x86_64).
    static let setTimeout: UInt = 0xC004_5706     // WDIOC_SETTIMEOUT  _IOWR('W', 6, int)
    static let keepAlive: UInt = 0x8004_5705      // WDIOC_KEEPALIVE   _IOR('W', 5, int)

    /// Opens and arms the watchdog. Fails with `.noSuchDevice` when the device does not exist
    /// (no watchdog driver loaded), `.busy` when another process holds it.
    public init(device: String, requestedTimeout: Int, boardMaximum: Int) throws(HALError) {
        self.device = device
        let (granted, warning) = Self.clamp(requested: requestedTimeout, maximum: boardMaximum, device: device)
        clampWarning = warning
        fd = open(device, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw HALError(code == ENOENT ? .noSuchDevice : code == EBUSY ? .busy : .system,
                           operation: "open watchdog", context: device, errno: code,
                           detail: Self.openHint(code))
        }
        var value = Int32(granted)
        if ioctl(fd, Self.setTimeout, &value) != 0 {
            let code = errno
            Glibc.close(fd)
            throw HALError(.system, operation: "set watchdog timeout \(granted) s", context: device, errno: code,
                           detail: String(cString: strerror(code)))
        }
        timeout = Int(value)
    }

    deinit { close() }

    /// The timeout to ask for: at least 1 s, at most the board's maximum, with a warning when clamped.
    public static func clamp(requested: Int, maximum: Int, device: String) -> (Int, String?) {
        let granted = max(1, min(requested, maximum))
        guard granted != requested else { return (granted, nil) }
        return (granted, "watchdog \(device): timeout \(requested) s is outside 1...\(maximum) s for this board; using \(granted) s")
    }

    static func openHint(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no watchdog driver: enable it in the board's device tree (e.g. dtparam=watchdog=on) or set no [watchdog] role"
        case EBUSY: "another process (systemd's RuntimeWatchdogSec, a watchdog daemon) holds it"
        case EACCES: "permission denied: run floc as a user in the watchdog's group"
        default: String(cString: strerror(code))
        }
    }

    public func feed() throws(HALError) {
        guard fd >= 0 else { throw HALError(.linkDown, operation: "feed watchdog", context: device, detail: "closed") }
        var dummy: Int32 = 0
        if ioctl(fd, Self.keepAlive, &dummy) != 0 {
            let code = errno
            throw HALError(.system, operation: "feed watchdog", context: device, errno: code,
                           detail: String(cString: strerror(code)))
        }
    }

    /// Magic close: writing 'V' before close tells the driver this stop is intended.
    public func close() {
        guard fd >= 0 else { return }
        _ = write(fd, "V", 1)
        Glibc.close(fd)
        fd = -1
    }
}
