import CommandLineSupport
import Config
import Foundation
import HAL
import Logging
import Runtime
import Telemetry
import StateStore

/// `floc run`'s retained state: opens the store, applies the restart-loop guard, restores the
/// saved state before the first scan, then saves it on every change (checked each second) and
/// at least every `[retain] save_interval_s`, and once more on stop. A monitoring-only run
/// saves nothing (its out-of-service modes are forced, not chosen).
///
/// A store that cannot be opened is logged and the unit runs without retained state: losing
/// the operator's setpoints is better than not controlling the plant.
final class RetainedStateService: @unchecked Sendable {
    // @unchecked: `control`, `restorer`, `unit` and the bookkeeping vars are touched under `lock`.
    private let lock = NSLock()
    let store: RetainedStateStore?
    /// The restart-loop guard tripped: run monitoring-only.
    let monitoringOnly: Bool
    private var unit: UnitConfig
    private var control: UnitControl?
    private var restorer: StateRestorer?
    private var lastSaved: RetainedState?
    private var lastSaveTime = 0.0
    /// Saves failed in a row: once one works again, the recovery is logged with this count.
    private var failedSaves = 0
    private var cleanRunNoted = false
    private let startTime: Double
    private let clock: any MonotonicClock
    private let logger: Logger
    private let limiter = LogRateLimiter(interval: 60)
    private var thread: PeriodicThread?

    /// What the saved state brings back, by the `[retain]` policies: equipment counters and
    /// calibrations for building the program, commands for ``restore(into:)``.
    let plan: RestorePlan
    private let systemAlarms: SystemAlarms

    init(unit: UnitConfig, clearRestartGuard: Bool, systemAlarms: SystemAlarms, clock: any MonotonicClock, logger: Logger) {
        self.unit = unit
        self.systemAlarms = systemAlarms
        self.clock = clock
        self.logger = logger
        startTime = Double(clock.now.nanoseconds) / 1e9
        var store: RetainedStateStore?
        var monitoringOnly = false
        do {
            // The state folder of a packaged unit exists (StateDirectory); a development run makes its own.
            try? FileManager.default.createDirectory(atPath: (unit.retain.path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            let opened = try RetainedStateStore(path: unit.retain.path)
            if clearRestartGuard {
                try opened.clearStarts()
                logger.notice("restart-loop guard cleared (--clear-restart-guard)")
            }
            let starts = try opened.recordStart(at: Date().timeIntervalSince1970)
            let guardDecision = RestartGuard(starts: starts, now: Date().timeIntervalSince1970,
                                             limit: unit.supervision.restartLimit, window: unit.supervision.restartWindow)
            if guardDecision.monitoringOnly {
                monitoringOnly = true
                systemAlarms.raise(SystemAlarms.monitoringOnly, guardDecision.explanation)
                logger.critical("\(guardDecision.explanation)", metadata: ["event": "restart_guard"])
            }
            store = opened
        } catch {
            logger.error("retained state disabled: \(error); setpoints and modes start from the unit file (set [retain] path to a writable file)")
            systemAlarms.raise(SystemAlarms.retainedState, "store \(unit.retain.path) cannot be opened: \(error)")
        }
        self.store = store
        self.monitoringOnly = monitoringOnly
        plan = Self.load(store, unit: unit, logger: logger)
    }

    /// Loads the saved state and notices a changed configuration.
    private static func load(_ store: RetainedStateStore?, unit: UnitConfig, logger: Logger) -> RestorePlan {
        let fingerprint = ConfigFingerprint.unit(unit)
        var plan = RestorePlan()
        if let store {
            do {
                if let saved = try store.configFingerprint(), saved != fingerprint {
                    let policy = unit.retain.changedLoops.rawValue
                    logger.notice("configuration changed since the retained state was saved; loops whose definition changed follow [retain] changed_loops = \"\(policy)\"")
                }
                try store.setConfigFingerprint(fingerprint)
                if let (saved, savedAt) = try store.load() {
                    let age = Int(Date().timeIntervalSince1970 - savedAt)
                    let counts = "\(saved.loops.count) loops, \(saved.alarms.count) alarms, "
                        + "\(saved.equipment.count) equipment counters, \(saved.calibrations.count) calibrations"
                    logger.info("retained state from \(age) s ago: \(counts)")
                    plan = RestorePlan(saved: saved, control: unit.control, policy: unit.retain, now: Date().timeIntervalSince1970)
                }
            } catch {
                logger.error("retained state not restored: \(error)")
            }
        }
        return plan
    }

    /// Submits the restore plan's commands to `control` (before its scan starts).
    func restore(into control: UnitControl) {
        let restorer = control.submit(plan, now: Double(clock.now.nanoseconds) / 1e9)
        lock.withLock {
            self.control = control
            self.restorer = restorer
        }
    }

    /// After a reload: follow the carry-over restorer, capture with the new configuration.
    func reloaded(_ unit: UnitConfig, restorer: StateRestorer) {
        lock.withLock {
            self.unit = unit
            self.restorer = restorer
        }
        try? store?.setConfigFingerprint(ConfigFingerprint.unit(unit))
    }

    /// Starts the thread that follows the restore and saves the state.
    func start() {
        thread = PeriodicThread(name: "floc-state", interval: .seconds(1), clock: clock) { [self] in tick(force: false) }
        thread?.start()
    }

    /// Stops the thread and saves the last scan's state.
    func stop() {
        thread?.stop()
        tick(force: true)
    }

    private func tick(force: Bool) {
        lock.withLock {
            let now = Double(clock.now.nanoseconds) / 1e9
            noteCleanRun(now)
            guard let control else { return }
            let scan = control.snapshot
            let snapshot = scan?.program
            if let restorer, restorer.follow(scan, commands: control.engine.commands, now: now) { self.restorer = nil }
            // Monitoring-only modes are forced, not chosen: the state saved before keeps for the next normal start.
            guard let store, let snapshot, !monitoringOnly, restorer?.isWaitingForAnswers != true else { return }
            let wall = Date().timeIntervalSince1970
            var state = RetainedState(snapshot: snapshot, control: control.program.control, wallTime: wall)
            // Acknowledgements waiting for their alarm to return are still retained.
            for id in restorer?.pendingAcknowledgements ?? [] where state.alarms[id] == nil {
                state.alarms[id] = RetainedAlarm(acknowledged: true, shelvedUntil: nil)
            }
            guard force || state != lastSaved || now - lastSaveTime >= unit.retain.saveInterval else { return }
            do {
                try store.save(state, savedAt: wall)
                lastSaved = state
                lastSaveTime = now
                systemAlarms.clear(SystemAlarms.retainedState)
                if failedSaves > 0 {
                    logger.notice("retained state saved again after \(failedSaves) failed attempts")
                    failedSaves = 0
                }
            } catch {
                failedSaves += 1
                systemAlarms.raise(SystemAlarms.retainedState, "save failed: \(error)")
                if let line = limiter.admit("save", now: now) { logger.error("retained state not saved: \(error)\(line)") }
            }
        }
    }

    private func noteCleanRun(_ now: Double) {
        guard !cleanRunNoted, now - startTime >= unit.supervision.restartWindow else { return }
        cleanRunNoted = true
        do {
            try store?.clearStarts()
            logger.info("clean run of \(Int(unit.supervision.restartWindow / 60)) min: restart history cleared")
        } catch {
            logger.error("restart history not cleared: \(error)")
        }
    }
}
