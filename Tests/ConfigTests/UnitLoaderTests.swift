import Testing
@testable import Config

@Suite struct UnitLoaderTests {
    func loadValid(overrides: [String] = []) throws -> UnitConfig {
        try ConfigLoader.loadUnit(at: Fixture.path("units/valid.toml"), overrides: overrides)
    }

    @Test func boardIsFoundBesideTheUnitsFolder() throws {
        let unit = try loadValid()
        #expect(unit.name == "test-unit")
        #expect(unit.scanPeriod == 0.2)
        #expect(unit.board.id == "testboard")
        #expect(unit.board.pin(named: "GPIO17")?.line == 17)
        #expect(unit.board.roles["status-led"] == "P1-12")
        #expect(unit.board.watchdog == WatchdogConfig(device: "/dev/watchdog", maxTimeout: 15))
    }

    @Test func rtuBusesResolveTheirDeviceAndRS485FromTheBoard() throws {
        let unit = try loadValid()
        #expect(unit.bus(named: "field")?.transport == .rtu(RTUConfig(
            port: "rs485-0", device: "/dev/ttyAMA0", baud: 19200, parity: .even, dataBits: 8, stopBits: 1, rs485: .kernel)))
        guard case .rtu(let aux)? = unit.bus(named: "aux")?.transport else {
            Issue.record("aux is not an RTU bus")
            return
        }
        #expect(aux.device == "/dev/ttyAMA1")
        #expect(aux.rs485 == .gpio(pin: "P1-11", activeLow: true))
        guard case .rtu(let usb)? = unit.bus(named: "usb")?.transport else {
            Issue.record("usb is not an RTU bus")
            return
        }
        #expect(usb.port == "")
        #expect(usb.device == "/dev/ttyUSB0")
        #expect(usb.rs485 == .rts)
        #expect(unit.bus(named: "plant")?.transport == .tcp(host: "127.0.0.1", port: 502))
    }

    @Test func devicesGetTheirProfileAndDerivedDefaults() throws {
        let unit = try loadValid()
        let do1 = try #require(unit.device(named: "do1"))
        #expect(do1.bus == "field")
        #expect(do1.address == 10)
        #expect(do1.pollFast == 0.2)
        #expect(do1.pollSlow == 10)
        #expect(do1.timeout == 0.5)  // the bus's response timeout
        #expect(do1.staleAfter == 1)  // 3 x 200 ms, raised to the 1 s minimum
        #expect(do1.writeRefresh == 10)
        let do2 = try #require(unit.device(named: "do2"))
        #expect(do2.timeout == 0.3)
        #expect(do2.staleAfter == 6)

        let profile = do1.profile
        #expect(profile.id == "test-do")
        #expect(profile.kind == .dissolvedOxygen)
        #expect(profile.maxRegistersPerRequest == 40)
        #expect(profile.point(named: "oxygen") == PointSpec(
            name: "oxygen", table: .holding, address: 0x53, type: .float32, order: .cdab, unit: "mg/L",
            range: 0...20, description: "Dissolved oxygen", line: 9))
        let temperature = try #require(profile.point(named: "temperature"))
        #expect(temperature.scale == 0.1)
        #expect(temperature.poll == .slow)
        #expect(profile.point(named: "status")?.flags == [BitFlag(name: "measurement_error", bit: 0), BitFlag(name: "calibration_due", bit: 3)])
        let clean = try #require(profile.point(named: "clean"))
        #expect(clean.type == .bool)
        #expect(clean.poll == .never)
    }

    @Test func gpioPointsResolveAliasesToChipLines() throws {
        let unit = try loadValid()
        #expect(unit.gpio.map(\.name) == ["float_high", "blower"])
        let float = unit.gpio[0]
        #expect(float.chipLabel == "pinctrl-test")
        #expect(float.line == 27)
        #expect(float.activeLow)
        #expect(float.bias == .pullUp)
        #expect(float.debounce == 0.05)
        #expect(unit.gpio[1].direction == .output)
        #expect(unit.gpio[1].line == 22)
    }

    @Test func overridesReplaceOrAddValuesBeforeValidation() throws {
        let unit = try loadValid(overrides: ["buses.plant.port=1502", "devices.do1.address = 3",
                                             "buses.usb.device=/dev/ttyUSB1", "unit.scan_period_ms=100"])
        #expect(unit.bus(named: "plant")?.transport == .tcp(host: "127.0.0.1", port: 1502))
        #expect(unit.device(named: "do1")?.address == 3)
        #expect(unit.scanPeriod == 0.1)
        guard case .rtu(let usb)? = unit.bus(named: "usb")?.transport else {
            Issue.record("usb is not an RTU bus")
            return
        }
        #expect(usb.device == "/dev/ttyUSB1")
    }

    @Test func summaryListsBusesDevicesPointsAndGPIO() throws {
        let summary = try loadValid().summary
        for line in [
            "board testboard: Test Board, scan every 200 ms",
            "  field: rtu /dev/ttyAMA0 (port rs485-0) 19200 baud 8E1, rs485 kernel, timeout 500 ms",
            "  plant: tcp 127.0.0.1:502, timeout 500 ms",
            "  do1: test-do (Floc DO-1) on field address 10, poll 200 ms / 10000 ms, stale after 1000 ms",
            "    oxygen: holding 83 float32 CDAB mg/L [0, 20] read poll fast",
            "  float_high: input GPIO27 (pinctrl-test line 27), active-low, pull-up, debounce 50 ms",
        ] {
            #expect(summary.contains(line + "\n"), "missing: \(line)")
        }
    }

    @Test func unitFolderParentIsTheBoardsDirectory() {
        #expect(ConfigPath.parent(of: ConfigPath.directory(of: "Boards/units/x.toml")) == "Boards")
        #expect(ConfigPath.parent(of: ConfigPath.directory(of: "units/x.toml")) == ".")
        #expect(ConfigPath.parent(of: ConfigPath.directory(of: "x.toml")) == "..")
        #expect(ConfigPath.baseName("Boards/devices/aqualabo-podoxy.toml") == "aqualabo-podoxy")
    }
}
