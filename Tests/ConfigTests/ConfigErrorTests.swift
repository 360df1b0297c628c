import Testing
@testable import Config

/// One test per kind of configuration error, each asserting the exact line `floc check` prints.
@Suite struct ConfigErrorTests {
    func expectErrors(_ unit: String, _ expected: [String], overrides: [String] = [],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let prefixed = expected.map { $0.hasPrefix("--set") ? $0 : Fixture.root + "/" + $0 }
        #expect(Fixture.unitErrors(unit, overrides: overrides) == prefixed, sourceLocation: sourceLocation)
    }

    @Test func unknownKeySuggestsTheNearestAllowedKey() {
        expectErrors("unknown-key", ["units/unknown-key.toml:8: buses.field.baudd: unknown key (did you mean 'baud'?)"])
    }

    @Test func missingRequiredKeyIsReportedAtItsTable() {
        expectErrors("missing-key", ["units/missing-key.toml:9: devices.do1.address: missing required key"])
    }

    @Test func wrongType() {
        expectErrors("wrong-type", ["units/wrong-type.toml:12: devices.do1.address: expected integer, found string"])
    }

    @Test func outOfRangeNamesTheRangeAndUnit() {
        expectErrors("out-of-range", ["units/out-of-range.toml:8: buses.field.baud: 3 is out of range 1200...921600 baud"])
    }

    @Test func undefinedBus() {
        expectErrors("undefined-bus", ["units/undefined-bus.toml:11: devices.do1.bus: undefined bus 'feild' (did you mean 'field'?)"])
    }

    @Test func undefinedDeviceProfile() {
        expectErrors("undefined-profile", [
            "units/undefined-profile.toml:10: devices.do1.profile: undefined profile 'no-such-probe' (no file \(Fixture.root)/devices/no-such-probe.toml)",
        ])
    }

    @Test func undefinedPin() {
        expectErrors("undefined-pin", [
            "units/undefined-pin.toml:11: gpio.pump.pin: undefined pin 'P1-99' on board 'testboard' (did you mean 'P1-08'?)",
        ])
    }

    @Test func undefinedUARTRole() {
        expectErrors("undefined-role", [
            "units/undefined-role.toml:7: buses.field.port: undefined UART or role 'rs485-9' on board 'testboard' (did you mean 'rs485-0'?)",
        ])
    }

    @Test func duplicateDeviceName() {
        expectErrors("duplicate-name", ["units/duplicate-name.toml:14: devices.do1: table defined twice (first at line 9)"])
    }

    @Test func gpioLineUsedTwiceByPointsOrAsRS485DEPin() {
        expectErrors("gpio-twice", [
            "units/gpio-twice.toml:19: gpio.float_high.pin: line main:27 (pin 'P1-13') is already used by gpio.float_low (line 13)",
            "units/gpio-twice.toml:23: gpio.beacon.pin: pin 'GPIO17' is the RS-485 DE pin of UART 'uart1' (bus 'aux')",
        ])
    }

    @Test func uartPinUsedAsGPIO() {
        expectErrors("uart-pin-gpio", ["units/uart-pin-gpio.toml:11: gpio.pump.pin: pin 'GPIO14' is used by UART 'uart0'"])
    }

    @Test func modbusAddressReusedOnOneBus() {
        expectErrors("address-reused", [
            "units/address-reused.toml:17: devices.do2.address: address 7 on bus 'field' is already used by device 'do1' (line 9)",
        ])
    }

    @Test func overlappingPointsInAProfile() throws {
        let path = Fixture.path("devices/overlap.toml")
        let error = try #require(throws: ConfigErrors.self) { try ConfigLoader.loadProfile(at: path) }
        // The coil at 101 lives in another table: only the holding registers collide.
        #expect(error.description == "\(path):14: points.total.address: overlaps point 'flow' (holding 100...101, line 7)")
    }

    @Test func overrideErrorsNameTheOverride() {
        expectErrors("valid", [
            "--set #1: buses.plant.port: 70000 is out of range 1...65535",
            "--set #2: expected table.key=value, found 'novalue'",
            "--set #3: empty key in '=3' (expected table.key=value)",
            "--set #4: devices.do1.adress: unknown key (did you mean 'address'?)",
            "--set #5: unit.name.x: cannot set a key in 'unit.name', which is a string",
        ], overrides: ["buses.plant.port=70000", "novalue", "=3", "devices.do1.adress=3", "unit.name.x=1"])
    }

    @Test func crossChecksOnOverriddenValues() {
        expectErrors("valid", [
            "--set #1: devices.do1.poll_slow_ms: 100 must be >= poll_fast_ms (200)",
            "--set #3: buses.aux.rs485: 'gpio' is not one of: none, kernel, rts",
            "--set #4: devices.do2.bus: undefined bus 'plnat' (did you mean 'plant'?)",
            "units/valid.toml:19: buses.usb.device: give either 'port' or 'device', not both",
        ], overrides: ["devices.do1.poll_slow_ms=100", "buses.usb.port=uart0", "buses.aux.rs485=gpio", "devices.do2.bus=plnat"])
    }

    @Test func syntaxErrorNamesFileAndLine() {
        expectErrors("syntax-error", ["units/syntax-error.toml:8: expected end of line, found '9600'"])
    }

    @Test func errorsOfEveryFileAreReportedInOneGoSortedByFileAndLine() {
        expectErrors("many-errors", [
            "badboard.toml:8: chips.main.lines: 2000 is out of range 1...1024 lines",
            "badboard.toml:11: pins.P1-11.chip: undefined chip 'mian' (did you mean 'main'?)",
            "devices/bad-profile.toml:10: points.level.access: 'write' is not possible on read-only table 'input'",
            "devices/bad-profile.toml:11: points.level.range: min 5 must be less than max 1",
            "devices/bad-profile.toml:16: points.flag.type: 'float32' does not fit table 'coil' (bit tables hold bool only)",
            "units/many-errors.toml:4: unit.scan_period_ms: 5 is out of range 10...10000 ms",
        ])
    }

    @Test func descriptionLeavesOutLineZeroAndEmptyKey() {
        #expect(ConfigError(file: "a.toml", line: 3, key: "unit.name", message: "m").description == "a.toml:3: unit.name: m")
        #expect(ConfigError(file: "a.toml", line: 3, message: "m").description == "a.toml:3: m")
        #expect(ConfigError(file: "--set #2", line: 0, key: "k", message: "m").description == "--set #2: k: m")
        let errors = ConfigErrors([ConfigError(file: "a", line: 1, message: "x"), ConfigError(file: "b", line: 2, message: "y")])
        #expect(errors.description == "a:1: x\nb:2: y")
    }
}
