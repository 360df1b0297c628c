import Foundation
import Glibc
import HAL
import HALLinux
import Testing

@Suite struct LinuxWatchdogTests {
    @Test(arguments: [(60, 15, 15, true), (10, 15, 10, false), (0, 15, 1, true)])
    func timeoutIsClampedToTheBoardWithAWarning(requested: Int, maximum: Int, granted: Int, warns: Bool) {
        let (value, warning) = LinuxWatchdog.clamp(requested: requested, maximum: maximum, device: "/dev/watchdog")
        #expect(value == granted)
        #expect((warning != nil) == warns)
        if requested == 60 {
            #expect(warning == "watchdog /dev/watchdog: timeout 60 s is outside 1...15 s for this board; using 15 s")
        }
    }

    @Test func aMissingDeviceSaysWhatToDo() {
        let error = #expect(throws: HALError.self) {
            try LinuxWatchdog(device: "/dev/floc-no-watchdog", requestedTimeout: 10, boardMaximum: 15)
        }
        #expect(error?.code == .noSuchDevice)
        #expect(error?.detail.hasPrefix("no watchdog driver") == true)
    }

    /// A regular file opens like the device but refuses the ioctl: everything up to the ioctl runs.
    @Test func aFileThatIsNotAWatchdogFailsAtTheIoctl() throws {
        let path = NSTemporaryDirectory() + "floc-wdt-\(getpid())"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        let error = #expect(throws: HALError.self) {
            try LinuxWatchdog(device: path, requestedTimeout: 30, boardMaximum: 15)
        }
        #expect(error?.operation == "set watchdog timeout 15 s", "the clamped value is what was asked for")
        #expect(error?.errno == ENOTTY)
    }
}

@Suite struct SystemdNotifierTests {
    @Test func sendsDatagramsToTheNotifySocket() throws {
        let path = NSTemporaryDirectory() + "floc-notify-\(getpid())"
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)

        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "10000000"])
        #expect(notifier.watchdogInterval == 5, "half of WatchdogSec")
        #expect(notifier.notify("READY=1"))
        var buffer = [UInt8](repeating: 0, count: 64)
        let received = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(received == 7)
        #expect(String(decoding: buffer.prefix(max(0, received)), as: UTF8.self) == "READY=1")
    }

    @Test func withoutSystemdItIsInert() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isActive)
        #expect(notifier.watchdogInterval == nil)
        #expect(!notifier.notify("READY=1"))
    }
}
