import Control
import Testing

/// Staging sequences over simulated hours at a 1 s scan, compared event by event.
@Suite struct BlowerStagingTests {
    private func settings(count: Int, minimumStopTime: Double = 300) -> BlowerStagingSettings {
        BlowerStagingSettings(
            blowers: (0..<count).map {
                .init(name: "B\($0 + 1)", minimumSpeed: 30, maximumSpeed: 100, minimumRunTime: 600, minimumStopTime: minimumStopTime)
            },
            startAbove: 90, startDelay: 120, stopBelow: 40, stopDelay: 300)
    }

    struct Event: Equatable, CustomStringConvertible {
        var time: Int, blower: Int, started: Bool, reason: BlowerEvent.Reason
        var description: String { "\(time) \(started ? "start" : "stop") \(blower) \(reason)" }
    }

    private func run(_ staging: inout BlowerStaging, until end: Int, demand: (Int) -> Double,
                     available: (Int) -> [Bool]) -> [Event] {
        var events: [Event] = []
        for t in 1...end {
            let info = staging.update(demand: demand(t), available: available(t), dt: 1)
            events += info.events.map { Event(time: t, blower: $0.blower, started: $0.started, reason: $0.reason) }
            for (command, record) in zip(info.commands, staging.records) {
                #expect(command.run == record.running)
                #expect(command.run ? (30...100).contains(command.speed) : command.speed == 0)
            }
        }
        return events
    }

    @Test func leadLagRotationAndAReplacedBlowerOverTwoHours() throws {
        var staging = try BlowerStaging(settings: settings(count: 3))
        // The loop's speed demand: it falls back to 70 % once a lag blower adds its air.
        let demand: (Int) -> Double = { t in
            switch t {
            case ..<3600: 50
            case ..<3800: 95
            case ..<5000: 70
            case ..<6000: 30
            case ..<6150: 95
            case ..<6300: 70
            default: 30
            }
        }
        let events = run(&staging, until: 8000, demand: demand) { t in [true, true, t < 6200] }
        #expect(events == [
            Event(time: 1, blower: 0, started: true, reason: .minimumRunning),
            // 120 s above 90 % from t = 3600: the standby with the fewest hours (tie: first) starts.
            Event(time: 3719, blower: 1, started: true, reason: .demandHigh),
            // 300 s below 40 %: the one with the most hours stops, so B2 leads from now on.
            Event(time: 5299, blower: 0, started: false, reason: .demandLow),
            // B3 has never run: it starts rather than B1, which has 5298 s.
            Event(time: 6119, blower: 2, started: true, reason: .demandHigh),
            // B3 trips: B1 (stopped 901 s, past its minimum stop) starts in its place at once.
            Event(time: 6200, blower: 2, started: false, reason: .unavailable),
            Event(time: 6200, blower: 0, started: true, reason: .replacing),
            // Low again: B1 has more hours but ran only 399 s of its 600 s minimum, so B2 stops.
            Event(time: 6599, blower: 1, started: false, reason: .demandLow),
        ])
        #expect(staging.records.map(\.starts) == [2, 1, 1])
        // Run seconds: B1 2...5299 and 6201...8000, B2 3720...6599, B3 6120...6199.
        #expect(staging.records.map(\.runSeconds) == [5298 + 1800, 2880, 80])
    }

    @Test func minimumRunAndStopTimesHoldStartsAndStopsBack() throws {
        var staging = try BlowerStaging(settings: settings(count: 2))
        let demand: (Int) -> Double = { t in t <= 120 || t > 601 ? 95 : 30 }
        let events = run(&staging, until: 1200, demand: demand) { _ in [true, true] }
        #expect(events == [
            Event(time: 1, blower: 0, started: true, reason: .minimumRunning),
            Event(time: 120, blower: 1, started: true, reason: .demandHigh),
            // Low from t = 121, 300 s later (t = 420) both are inside their 600 s minimum run:
            // B1 stops the scan it reaches it.
            Event(time: 601, blower: 0, started: false, reason: .demandLow),
            // High from t = 602: 120 s later B1 has been stopped only 120 s of its 300 s.
            Event(time: 901, blower: 0, started: true, reason: .demandHigh),
        ])
    }

    @Test func noStandbyLeftIsReportedAsShort() throws {
        var staging = try BlowerStaging(settings: settings(count: 2, minimumStopTime: 0))
        staging.update(demand: 50, available: [true, true], dt: 1)
        let info = staging.update(demand: 50, available: [false, false], dt: 1)
        #expect(info.short && info.running == 0 && info.wanted == 1)
        #expect(info.commands == [BlowerCommand(run: false, speed: 0), BlowerCommand(run: false, speed: 0)])
        // One comes back: it starts in the place of the missing lead.
        let back = staging.update(demand: 50, available: [false, true], dt: 1)
        #expect(back.events == [BlowerEvent(blower: 1, started: true, reason: .minimumRunning)])
        #expect(back.commands[1] == BlowerCommand(run: true, speed: 50))
    }

    @Test func recordsResumeAfterARestart() throws {
        let saved = [BlowerRecord(runSeconds: 7200, starts: 4), BlowerRecord(runSeconds: 3600, starts: 9)]
        var staging = try BlowerStaging(settings: settings(count: 2), records: saved)
        let first = staging.update(demand: 10, available: [true, true], dt: 1)
        #expect(first.events == [BlowerEvent(blower: 1, started: true, reason: .minimumRunning)])
        #expect(first.commands[1].speed == 30, "demand below the minimum speed runs at the minimum")
        #expect(staging.records[1].starts == 10)
        #expect(throws: ControlParameterError.self) { try BlowerStaging(settings: settings(count: 3), records: saved) }
    }
}
