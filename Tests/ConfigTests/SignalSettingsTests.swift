import Testing
@testable import Config

/// `[inputs.*]` conditioning and `[outputs.*]` maximum ages.
@Suite struct SignalSettingsTests {
    @Test func conditioningAndMaximumAgesLoadToTheModel() throws {
        let control = try ConfigLoader.loadUnit(at: Fixture.path("loops/signals.toml")).control
        #expect(control.inputs == ["do1.oxygen": InputConditioningConfig(medianSamples: 5, filterTime: 10, maxRate: 0.5,
                                                                         stuckAfter: 3600, stuckEpsilon: 0.01)])
        #expect(control.outputMaxAge("vfd1.speed") == 2)
        #expect(control.outputMaxAge("vfd1.run") == 5, "default: 10 scan periods of 500 ms")
    }

    @Test func theDefaultMaximumAgeIsTenScanPeriodsAndAtLeastThreeSeconds() throws {
        let path = Fixture.path("loops/valid.toml")
        let fast = try ConfigLoader.loadUnit(at: path, overrides: ["unit.scan_period_ms=10"]).control
        let slow = try ConfigLoader.loadUnit(at: path, overrides: ["unit.scan_period_ms=2000"]).control
        #expect(fast.defaultOutputMaxAge == 3)
        #expect(slow.defaultOutputMaxAge == 20)
    }

    @Test func everySignalSettingErrorIsReportedWithFileLineAndKey() {
        let file = Fixture.path("loops/signals-errors.toml")
        let errors = Fixture.errors(loading: file)
        let expected = [
            "\(file):78: inputs.\"do1.oxygen\".median_samples: 4 must be odd (1 = off, 3, 5, 7 or 9)",
            "\(file):79: inputs.\"do1.oxygen\".filter: unknown key (did you mean 'filter_s'?)",
            "\(file):81: inputs.\"do1.nothing\": undefined point 'nothing' of device 'do1' (profile test-do) "
                + "(defined: oxygen, temperature, status, clean)",
            "\(file):84: inputs.\"vfd1.status.running\": 'vfd1.status.running' is an on/off point: only analogue inputs are conditioned",
            "\(file):88: outputs.\"vfd1.speed\".max_age_ms: 100 ms must be longer than the scan period (500 ms)",
            "\(file):90: outputs.\"do1.oxygen\": point 'do1.oxygen' is read-only: it cannot be written",
            "\(file):93: outputs.\"gpio.dosing\".max_age_ms: missing required key",
        ]
        #expect(errors == expected)
    }
}
