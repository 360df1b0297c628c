import Foundation
import HAL
import HALLinux
import Logging
import Runtime
import Telemetry

/// Tells systemd and the hardware watchdog that the unit is alive — only while the scan
/// completes cycles. Escalation: scan overruns are logged as they happen, and a burst of them
/// raises the alarm `system.scan_overrun` (``ScanOverrunBurst``); a stalled scan
/// drives the outputs safe (`onStall`) and stops the feeding, so systemd (WatchdogSec)
/// restarts floc or the board's watchdog resets the board; the pollers alone do not count.
final class Supervisor: @unchecked Sendable {
    // @unchecked: `watchdog`, `last` and `stalled` are touched only by the supervisor thread
    // between start() and stop().
    private let notifier: SystemdNotifier
    private let watchdog: LinuxWatchdog?
    private let scan: @Sendable () -> ScanStatistics?
    private let onStall: @Sendable () -> Void
    private let interval: Double
    private let logger: Logger
    private var last: ScanStatistics?
    private var stalled = false
    private let systemAlarms: SystemAlarms
    private var overrunBurst = ScanOverrunBurst()
    private let clock = SystemMonotonicClock()
    private var thread: PeriodicThread?

    /// `scan` returns the scan's statistics (nil when the unit has no scan: then being up is
    /// enough); `onStall` runs once when the scan stops completing cycles.
    init(notifier: SystemdNotifier, watchdog: LinuxWatchdog?, logger: Logger, systemAlarms: SystemAlarms = SystemAlarms(),
         onStall: @escaping @Sendable () -> Void = {}, scan: @escaping @Sendable () -> ScanStatistics?) {
        self.notifier = notifier
        self.systemAlarms = systemAlarms
        self.watchdog = watchdog
        self.scan = scan
        self.onStall = onStall
        self.logger = logger
        // Feed at half the shortest deadline: systemd's WatchdogSec or the hardware timeout.
        let hardware = watchdog.map { Double($0.timeout) / 2 }
        interval = [notifier.watchdogInterval, hardware, 5].compactMap { $0 }.min() ?? 5
    }

    /// Sends READY=1 and starts feeding.
    func start(status: String) {
        notifier.notify("READY=1\nSTATUS=\(status)")
        thread = PeriodicThread(name: "floc-supervisor", interval: .nanoseconds(Int64(interval * 1e9)), clock: clock) { [self] in tick() }
        thread?.start()
    }

    /// Stops feeding, says STOPPING=1 and disarms the hardware watchdog (magic close).
    func stop() {
        guard thread != nil else { return }
        // The feeding thread ends first, so no WATCHDOG=1 can follow STOPPING=1.
        thread?.stop()
        thread = nil
        notifier.notify("STOPPING=1")
        watchdog?.close()
    }

    private func tick() {
        let now = scan()
        defer { last = now }
        if let now, let last, now.overruns > last.overruns {
            logger.warning("scan overran \(now.overruns - last.overruns) time(s) in \(interval) s (\(now.overruns) in all)",
                           metadata: ["event": "scan_overrun"])
        }
        if let now, let active = overrunBurst.update(overruns: now.overruns, now: Double(clock.now.nanoseconds) / 1e9) {
            if active {
                systemAlarms.raise(SystemAlarms.scanOverrun, "\(overrunBurst.burst) or more overruns within \(Int(overrunBurst.window)) s "
                                   + "(\(now.overruns) in all)")
            } else {
                systemAlarms.clear(SystemAlarms.scanOverrun)
            }
        }
        if let now, let last, now.cycles == last.cycles {
            if !stalled {
                stalled = true
                logger.critical("scan stalled: no cycle in \(interval) s; outputs driven safe, watchdogs no longer fed (a restart follows)",
                                metadata: ["event": "scan_stalled"])
                onStall()
            }
            return
        }
        if stalled {
            stalled = false
            logger.notice("scan running again", metadata: ["event": "scan_resumed"])
        }
        if notifier.watchdogInterval != nil { notifier.notify("WATCHDOG=1") }
        do {
            try watchdog?.feed()
        } catch {
            logger.error("hardware watchdog: \(error)")
        }
    }
}
