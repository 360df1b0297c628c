import Foundation
import HAL
import HALLinux
import Logging
import Runtime

/// Tells systemd and the hardware watchdog that the unit is alive — only while the scan
/// completes cycles. A stalled scan stops the feeding, so systemd (WatchdogSec) restarts
/// floc or the board's watchdog resets the board; the pollers alone do not count as alive.
final class Supervisor: @unchecked Sendable {
    // @unchecked: `watchdog` and `lastCycles` are touched only by the supervisor thread
    // between start() and stop().
    private let notifier: SystemdNotifier
    private let watchdog: LinuxWatchdog?
    private let cycles: @Sendable () -> UInt64?
    private let interval: Double
    private let logger: Logger
    private let done = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var lastCycles: UInt64?
    private var thread: Thread?

    /// `cycles` returns the scan's cycle count (nil when the unit has no scan: then being up is enough).
    init(notifier: SystemdNotifier, watchdog: LinuxWatchdog?, logger: Logger, cycles: @escaping @Sendable () -> UInt64?) {
        self.notifier = notifier
        self.watchdog = watchdog
        self.cycles = cycles
        self.logger = logger
        // Feed at half the shortest deadline: systemd's WatchdogSec or the hardware timeout.
        let hardware = watchdog.map { Double($0.timeout) / 2 }
        interval = [notifier.watchdogInterval, hardware, 5].compactMap { $0 }.min() ?? 5
    }

    /// Sends READY=1 and starts feeding.
    func start(status: String) {
        notifier.notify("READY=1\nSTATUS=\(status)")
        let thread = Thread { [self] in
            while done.wait(timeout: .now() + interval) == .timedOut { tick() }
            finished.signal()
        }
        thread.name = "floc-supervisor"
        self.thread = thread
        thread.start()
    }

    /// Stops feeding, says STOPPING=1 and disarms the hardware watchdog (magic close).
    func stop() {
        guard thread != nil else { return }
        notifier.notify("STOPPING=1")
        done.signal()
        finished.wait()
        thread = nil
        watchdog?.close()
    }

    private func tick() {
        let now = cycles()
        defer { lastCycles = now }
        if let now, let last = lastCycles, now == last {
            logger.error("scan stalled: no cycle in \(interval) s; watchdogs no longer fed")
            return
        }
        if notifier.watchdogInterval != nil { notifier.notify("WATCHDOG=1") }
        do {
            try watchdog?.feed()
        } catch {
            logger.error("hardware watchdog: \(error)")
        }
    }
}
