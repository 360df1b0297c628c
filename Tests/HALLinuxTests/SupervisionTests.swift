import FlocTestSupport
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
        let socket = try #require(DatagramSocket(path: path))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "10000000"])
        #expect(notifier.watchdogInterval == 5, "half of WatchdogSec")
        #expect(notifier.notify("READY=1"))
        #expect(socket.drain() == ["READY=1"])
    }

    @Test func withoutSystemdItIsInert() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isActive)
        #expect(notifier.watchdogInterval == nil)
        #expect(!notifier.notify("READY=1"))
    }
}
