import Emulator
import FieldIO
import FlocTestSupport
import HAL
import Testing

/// Plant value -> emulator encode (RegisterCodec) -> libmodbus server -> libmodbus master ->
/// Floc decode, for every shipped profile of sim-container, over TCP and over RTU on a pty.
@Suite("Emulator round trip through real libmodbus", .serialized,
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct RoundTripTests {
    /// Signal values set in the plant, then the engineering value Floc must decode per point.
    static let signals: [String: Double] = [
        "basin.do": 3.37, "basin.do_saturation": 36.5, "basin.temperature": 14.25, "basin.ph": 6.85,
        "basin.orp": -42.5, "basin.level": 3.125, "blower1.speed": 71.23,
        "blower1.power": 5.1, "blower1.energy": 20480.5, "blower1.running": 1, "blower1.airflow": 412.5,
    ]

    /// (device.point, expected engineering value, tolerance): float32 and the register scale bound it.
    static let expected: [(String, Double, Double)] = [
        ("do1.oxygen", 3.37, 1e-6), ("do1.oxygen_ppm", 3.37, 1e-6), ("do1.oxygen_saturation", 36.5, 1e-5),
        ("do1.temperature", 14.25, 1e-6), ("do1.slave_address", 10, 0), ("do1.measurement_delay", 500, 0),
        ("ph1.ph", 6.85, 1e-6), ("ph1.orp", -42.5, 1e-5), ("ph1.ph_mv", -59.16 * 6.85 + 414.12, 1e-4),
        ("ph1.slave_address", 20, 0),
        ("level1.level", 3.125, 1e-5), ("level1.temperature", 14.25, 1e-6),
        ("io1.input1", 1, 0), ("io1.input2", 0, 0), ("io1.input3", 1, 0),  // the e-stop's normally-closed contact: released
        ("blower1.actual_speed", 71.23, 0.005), ("blower1.output_frequency", 71.23 * 0.5, 0.005),
        ("blower1.motor_power", 5.1 * 13.3333, 0.05), ("blower1.energy", 20480.5, 0.01),
        ("airflow1.flow", 412.5, 1e-4), ("airflow1.total", 125_000, 0.01), ("airflow1.temperature", 35, 1e-5),
        ("airflow1.velocity", 412.5 * 0.035386, 1e-4), ("airflow1.status", 0, 0),
    ]

    @Test func everyBoundPointDecodesToThePlantValue() throws {
        let bench = try SimBench()
        defer { bench.stop() }
        for (signal, value) in Self.signals { #expect(bench.plant.set(signal, to: value), "\(signal)") }
        bench.emulator.step(by: 0.1)
        var samples: [String: PointSample] = [:]
        for device in bench.unit.devices {
            for (point, sample) in try bench.probe(device.name) { samples["\(device.name).\(point)"] = sample }
        }
        for (key, value, tolerance) in Self.expected {
            let sample = try #require(samples[key], "\(key) not read")
            #expect(sample.quality == .good, "\(key): \(sample.quality)")
            #expect(abs(sample.value - value) <= tolerance, "\(key): read \(sample.value), expected \(value)")
        }
        // Status word bits bound one by one: run from the plant, ready and at_reference constant.
        let status = try #require(samples["blower1.status_word"])
        #expect(status.flags == ["ready": true, "run": true, "reverse": false, "fault": false, "warning": false,
                                 "at_reference": true, "zero_speed": false])
    }

    @Test func writesByFlocReachThePlantsCommands() throws {
        let bench = try SimBench()
        defer { bench.stop() }
        #expect(try bench.write("blower1", "speed_reference", 45.5).verified)
        #expect(try bench.write("blower1", "control_word", 0).verified)
        #expect(try bench.write("io1", "relay2", 1).verified)
        bench.emulator.step(by: 0.1)
        #expect(bench.plant.value(of: "blower1.speed_command") == 45.5)
        #expect(bench.plant.value(of: "blower1.run_command") == 0)
        // The pump command is in %: the relay bound with scale 0.01 runs it at 100 %.
        #expect(bench.plant.value(of: "dosing.caustic_pump") == 100)
        #expect(bench.plant.commands.map(\.signal).sorted()
            == ["blower1.run_command", "blower1.speed_command", "dosing.caustic_pump"])
        // Nothing new written: no new commands.
        bench.emulator.step(by: 0.1)
        #expect(bench.plant.commands.count == 3)
    }

    @Test func anUnknownUnitIdGetsNoAnswerWhileOthersDo() throws {
        let bench = try SimBench()
        defer { bench.stop() }
        bench.rtu.setResponseTimeout(seconds: 0.3)
        bench.tcp.setResponseTimeout(seconds: 0.3)
        for link in [bench.rtu, bench.tcp] {
            let error = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 99, address: 0, count: 1)
            }
            #expect(error?.code == .timeout, "\(link.name)")
        }
        #expect(try bench.rtu.readRegisters(.holdingRegister, unit: 10, address: 0xA3, count: 1) == [10])
        #expect(try bench.tcp.readRegisters(.holdingRegister, unit: 3, address: 0x0F, count: 1) == [0])
    }
}

