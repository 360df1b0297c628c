import Control
import Testing

/// Time-proportioned relay and pulse-frequency outputs, counted scan by scan.
@Suite struct PulseOutputTests {
    /// On-seconds of each cycle over `cycles` cycles at a constant duty.
    private func onTimes(duty: Double, settings: TimeProportionedOutput.Settings, dt: Double, cycles: Int) throws -> [Double] {
        var relay = try TimeProportionedOutput(settings: settings)
        let scans = Int((settings.cycleTime / dt).rounded())
        var result: [Double] = []
        for _ in 0..<cycles {
            var on = 0.0
            for _ in 0..<scans where relay.update(duty: duty, dt: dt) { on += dt }
            result.append(on)
        }
        return result
    }

    @Test(arguments: [
        // duty, cycle, min on, min off, dt, expected on-time per cycle
        (0.35, 10.0, 0.0, 0.0, 0.5, [3.5, 3.5, 3.5, 3.5]),
        (0.0, 10.0, 0.0, 0.0, 0.5, [0, 0, 0, 0]),
        (1.0, 10.0, 1.0, 1.0, 0.5, [10, 10, 10, 10]),
        // 0.5 s asked per cycle, 2 s minimum pulse: one 2 s pulse every fourth cycle.
        (0.05, 10.0, 2.0, 0.0, 0.5, [0, 0, 0, 2, 0, 0, 0, 2]),
        // 9 s asked, 2 s minimum gap: a full cycle, then 8 s to give back the extra second.
        (0.9, 10.0, 0.0, 2.0, 0.5, [10, 8, 10, 8]),
        // 3.5 s at a 1 s scan: 4 s, then 3 s, the half second carried across.
        (0.35, 10.0, 0.0, 0.0, 1.0, [4, 3, 4, 3]),
    ] as [(Double, Double, Double, Double, Double, [Double])])
    func timeProportionedOnTimesPerCycle(
        duty: Double, cycle: Double, minOn: Double, minOff: Double, dt: Double, expected: [Double]
    ) throws {
        let settings = TimeProportionedOutput.Settings(cycleTime: cycle, minimumOnTime: minOn, minimumOffTime: minOff)
        let measured = try onTimes(duty: duty, settings: settings, dt: dt, cycles: expected.count)
        #expect(measured == expected)
    }

    @Test func everyPulseAndGapRespectsTheMinimums() throws {
        var relay = try TimeProportionedOutput(settings: .init(cycleTime: 10, minimumOnTime: 2, minimumOffTime: 3))
        var runs: [(on: Bool, length: Double)] = []
        // A duty sweeping 0...1 and back, so every branch of the minimums is crossed.
        for scan in 0..<4000 {
            let duty = abs(Double(scan % 400) - 200) / 200
            let on = relay.update(duty: duty, dt: 0.5)
            if let last = runs.last, last.on == on { runs[runs.count - 1].length += 0.5 } else { runs.append((on, 0.5)) }
        }
        for run in runs.dropFirst().dropLast() {
            #expect(run.length >= (run.on ? 2 : 3), "\(run)")
        }
    }

    @Test func inhibitSwitchesOffAtOnceAndRestartsTheCycle() throws {
        var relay = try TimeProportionedOutput(settings: .init(cycleTime: 10, minimumOnTime: 2))
        let before = [relay.update(duty: 0.5, dt: 1), relay.update(duty: 0.5, dt: 1)]
        #expect(before == [true, true])
        let inhibited = relay.update(duty: 0.5, inhibit: true, dt: 1)
        #expect(!inhibited)
        #expect(relay.cycleElapsed == nil)
        // Released: a fresh cycle with its full 5 s pulse.
        let pulse = (0..<10).map { _ in relay.update(duty: 0.5, dt: 1) }
        #expect(pulse == [true, true, true, true, true, false, false, false, false, false])
    }

    @Test(arguments: [(0.5, 120.0, 60), (1.0, 120.0, 120), (0.25, 60.0, 15), (0.0, 120.0, 0), (1.7, 30.0, 30)])
    func strokeCountOverAMinuteIsTheScaledRate(demand: Double, maximum: Double, strokes: Int) throws {
        var pump = try PulseFrequencyOutput(settings: .init(maximumStrokesPerMinute: maximum, pulseWidth: 0.2))
        var counted = 0, rate = 0.0
        // The first update sets the rate; the next 600 scans of 0.1 s are one minute at it.
        _ = pump.update(demand: demand, dt: 0.1)
        for _ in 0..<600 {
            let command = pump.update(demand: demand, dt: 0.1)
            counted += command.strokes
            rate = command.strokesPerMinute
        }
        #expect(counted == strokes)
        #expect(rate == min(demand, 1) * maximum)
    }

    @Test func eachStrokeIsOnePulseOfTheConfiguredWidth() throws {
        var pump = try PulseFrequencyOutput(settings: .init(maximumStrokesPerMinute: 60, pulseWidth: 0.3))
        // 30 spm: a stroke every 2 s, so 0.3 s high then 1.7 s low, twenty scans a stroke.
        let states = (0..<41).map { _ in pump.update(demand: 0.5, dt: 0.1).pulse }
        #expect(states.prefix(20).allSatisfy { !$0 })
        #expect(Array(states[20..<23]) == [true, true, true])
        #expect(states[23..<40].allSatisfy { !$0 })
        #expect(states[40])
    }

    @Test func settingsThatCannotWorkAreRefused() {
        #expect(throws: ControlParameterError.self) { try TimeProportionedOutput(settings: .init(cycleTime: 10, minimumOnTime: 6, minimumOffTime: 5)) }
        #expect(throws: ControlParameterError.self) { try PulseFrequencyOutput(settings: .init(maximumStrokesPerMinute: 120, pulseWidth: 0.5)) }
        #expect(throws: ControlParameterError.self) { try DosingBudget(limit: .volume(litresPerHour: 0)) }
    }

    @Test func budgetForgetsDosesOlderThanTheHour() throws {
        var budget = try DosingBudget(limit: .onTime(secondsPerHour: 600))
        for _ in 0..<600 { budget.record(1, dt: 1) }
        #expect(budget.isExhausted)
        // 49 more minutes idle: the dose of the first ten minutes is still in the window.
        for _ in 0..<2940 { budget.record(0, dt: 1) }
        #expect(budget.used == 600)
        // At the hour the first minute's 60 s leave, one minute at a time.
        for _ in 0..<60 { budget.record(0, dt: 1) }
        #expect(budget.used == 540)
        #expect(budget.remaining == 60)
    }
}
