import Testing
@testable import Control

@Suite struct ModeBlocksTests {
    @Test func counterBooksRunTimeAndStarts() {
        var counter = EquipmentCounter()
        let states = [false, true, true, false, true]
        for state in states { counter.update(running: state, dt: 10) }
        #expect(counter.starts == 2)
        #expect(counter.runSeconds == 20)   // the two scans after the first start; the last start is not booked yet
        #expect(counter.running)
    }

    @Test(arguments: [
        // (values every 10 s, window, expected units/min)
        ([0.0, 1, 2, 3, 4, 5, 6], 60.0, 6.0 as Double?),
        ([5.0, 5, 5, 5], 60.0, 0.0),               // 30 s: half the window is enough
        ([10.0, 8], 60.0, nil),                    // 10 s: window not half full
        ([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 4], 60.0, -4.0),   // only the last 60 s count: 8 -> 4
    ])
    func rateOverWindow(values: [Double], window: Double, expected: Double?) {
        var rate = RateOfChange(window: window)
        var last: Double?
        for (i, value) in values.enumerated() { last = rate.update(Sample(value: value, quality: .good, time: Double(i) * 10)) }
        #expect(last == expected)
    }

    @Test func badSampleStartsRateOver() {
        var rate = RateOfChange(window: 20)
        _ = rate.update(Sample(value: 0, quality: .good, time: 0))
        _ = rate.update(Sample(value: 1, quality: .good, time: 10))
        #expect(rate.rate == 6)
        #expect(rate.update(Sample(value: .nan, quality: .bad, time: 20)) == nil)
        #expect(rate.update(Sample(value: 9, quality: .good, time: 30)) == nil)
    }

    @Test func holdExpiresAfterItsMaximum() {
        let hold = MaintenanceHold(value: 7.1, at: 100, maxMinutes: 60, by: "tech")
        #expect(!hold.hasExpired(at: 100 + 3599))
        #expect(hold.hasExpired(at: 100 + 3600))
        #expect(hold.sample(at: 200) == Sample(value: 7.1, quality: .uncertain, time: 200))
    }
}

@Suite struct EStopLatchTests {
    @Test(arguments: [
        // (inputs scan by scan, latched after the last)
        ([nil, false] as [Bool?], false),   // unknown, then clear: safe while unknown, no latch
        ([true, false], true),              // pressed, then released: latched until reset
    ])
    func onlyAReadingLatchesAnEStop(inputs: [Bool?], latched: Bool) {
        var interlock = Interlock(definition: InterlockDefinition(name: "estop", conditions: [InterlockCondition("io1.input3", .trip)],
                                                                  latching: true, latchesOnUnknown: false))
        #expect(interlock.evaluate([inputs[0]], at: 0).tripped, "unknown or pressed: unsafe")
        let result = interlock.evaluate([inputs[1]], at: 1)
        #expect(result.latched == latched)
        #expect(result.tripped == latched)
    }
}
