import Runtime
import StateStore
import Testing

@Suite struct BusStallTrackerTests {
    @Test func aSilentBusIsAlarmedThenHeldSafeThenRecovers() {
        var tracker = BusStallTracker(alarmAfter: 10, safeAfter: 30)
        #expect(tracker.update(bus: "plant", successes: 5, now: 0) == nil)
        #expect(tracker.update(bus: "plant", successes: 9, now: 5) == nil, "answering")
        #expect(tracker.update(bus: "plant", successes: 9, now: 14) == nil, "9 s silent")
        #expect(tracker.update(bus: "plant", successes: 9, now: 15)?.to == .alarm)
        #expect(tracker.update(bus: "plant", successes: 9, now: 34) == nil)
        let safe = tracker.update(bus: "plant", successes: 9, now: 35)
        #expect(safe?.to == .safe && safe?.silentFor == 30)
        #expect(tracker.stage("plant") == .safe)
        #expect(tracker.update(bus: "plant", successes: 10, now: 36)?.to == .normal)
        #expect(tracker.stage("other") == .normal)
    }

    @Test func busesAreTrackedApart() {
        var tracker = BusStallTracker(alarmAfter: 1, safeAfter: 2)
        _ = tracker.update(bus: "a", successes: 0, now: 0)
        _ = tracker.update(bus: "b", successes: 0, now: 0)
        #expect(tracker.update(bus: "a", successes: 1, now: 1.5) == nil)
        #expect(tracker.update(bus: "b", successes: 0, now: 1.5)?.to == .alarm)
    }

    @Test(arguments: [
        ([Double](), 0),
        ([100, 200, 300, 400], 4),
        ([100, 200, 300, 400, 500], 5),
        ([-1000, 200, 300, 400, 500], 4),
    ])
    func theRestartGuardCountsStartsInTheWindow(starts: [Double], recent: Int) {
        let decision = RestartGuard(starts: starts, now: 500, limit: 5, window: 600)
        #expect(decision.recentStarts == recent)
        #expect(decision.monitoringOnly == (recent >= 5))
    }

    @Test func theRestartGuardSaysHowToClearIt() {
        let decision = RestartGuard(starts: [1, 2, 3], now: 3, limit: 3, window: 600)
        #expect(decision.monitoringOnly)
        #expect(decision.explanation.contains("--clear-restart-guard") && decision.explanation.contains("MONITORING-ONLY"))
    }
}
