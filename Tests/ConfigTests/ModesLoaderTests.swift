import Testing
@testable import Config

@Suite struct ModesLoaderTests {
    @Test func handOffAutoEStopAlarmKindsAndInstrumentsLoad() throws {
        let unit = try ConfigLoader.loadUnit(at: Fixture.path("loops/modes.toml"))
        let control = unit.control
        guard case .aeration(let aeration) = control.loop(named: "aeration1")?.kind,
              case .ph(let ph) = control.loop(named: "ph1")?.kind else {
            Issue.record("loops missing")
            return
        }
        #expect(aeration.blowers[0].handSpeed == 70)
        #expect(ph.acid?.handOutput == 30)
        let alarms = Dictionary(uniqueKeysWithValues: control.alarms.map { ($0.name, $0.trigger) })
        #expect(alarms["dev"] == .deviation(loop: "aeration1", high: 1, low: nil, deadband: 0.2))
        #expect(control.alarms.first { $0.name == "dev" }?.onDelay == 600)
        let temperature = PointReference(key: "do1.temperature", imageKey: "do1.temperature", unit: "degC", range: 0...50)
        if case let .rate(point, rise, fall, window, _) = alarms["temp_rate"] {
            #expect(point.key == temperature.key)
            #expect([rise, fall, window] == [0.5, 1, 120])
        } else {
            Issue.record("temp_rate is not a rate alarm")
        }
        #expect(alarms["do_signal"] == .badQuality(aeration.dissolvedOxygen))
        guard case let .fault(condition, equipment) = alarms["b1_trip"] else {
            Issue.record("b1_trip is not a fault alarm")
            return
        }
        #expect(condition.point.key == "vfd1.status.fault")
        #expect(equipment == "b1")
        if case let .fault(condition, equipment) = alarms["float_fault"] {
            #expect(condition.text == "gpio.float_high")
            #expect(equipment == nil)
        }
        let estop = try #require(control.interlocks.first { $0.name == "estop" })
        #expect(estop.estop)
        #expect(estop.latching, "an e-stop always latches")
        #expect(estop.loops.isEmpty)
        #expect(control.instruments.map(\.name) == ["do1.oxygen", "do1.temperature"])
        let oxygen = try #require(control.instrument(named: "do1.oxygen"))
        #expect(oxygen.calibration == .do)
        #expect(oxygen.calibrationIntervalDays == 60)
        #expect(oxygen.maxHoldMinutes == 30)
        #expect(control.instrument(named: "do1.temperature")?.maxHoldMinutes == 60)
        #expect(control.instrument(named: "do1.temperature")?.calibration == nil)
        let summary = control.summaryLines.joined(separator: "\n")
        #expect(summary.contains("estop: trip !gpio.float_high; e-stop: stops every output; latching"))
        #expect(summary.contains("dev: deviation from aeration1 setpoint, high +1"))
        #expect(summary.contains("do1.oxygen: calibration do, due every 60 days, hold at most 30 min"))
    }

    @Test func modeErrorsNameTheKey() {
        let file = Fixture.path("loops/modes-errors.toml")
        let expected = [
            "\(file):26: alarms.two.bad_quality: give only one of 'point', 'bad_quality'",
            "\(file):29: alarms.dev.deviation.loop: undefined loop 'a9' (did you mean 'a1'?)",
            "\(file):32: alarms.rate.rate.point: 'gpio.float_high' is 1/0: a rate of change needs an analogue point",
            "\(file):36: interlocks.e.loops: an e-stop (estop = true) stops every loop and output: leave 'loops' out",
            "\(file):40: instruments.\"do1.oxygen\".calibration_interval_days: needs 'calibration' (ph or do): only calibrated instruments fall due",
            "\(file):41: instruments.\"do1.oxygen\".temperature: only a pH calibration uses a process temperature",
            "\(file):43: instruments.\"do1.nothing\": undefined point 'nothing' of device 'do1' (profile test-do) (defined: oxygen, temperature, status, clean)",
        ]
        do {
            _ = try ConfigLoader.loadUnit(at: file)
            Issue.record("loops/modes-errors.toml loaded")
        } catch {
            #expect(error.errors.map(\.description) == expected)
        }
    }
}
