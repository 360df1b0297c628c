import Config
import Emulator
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import HALLinux
import Logging
import Testing

/// The shipped sim-container unit served by an emulator with a table plant: the TCP bus on a
/// kernel-chosen port of 127.0.0.1, the RTU bus on a socat pty pair in /tmp; and Floc's real
/// master path (LibmodbusLink + DeviceProbe) connected to both. Stopped on every path by `stop()`.
final class SimBench {
    static let root = PeerProcess.packageRoot.path
    let unit: UnitConfig
    let scenario: Scenario
    let plant: TablePlant
    let emulator: Emulator
    let pair: PtyPair
    let tcp: LibmodbusLink
    let rtu: LibmodbusLink
    let logger = Logger(label: "emulator-tests")

    /// `scenarioText` replaces the shipped scenario (it is written next to the shipped one's
    /// unit reference); `overrides` are `--set` overrides of the unit.
    init(scenarioText: String? = nil, overrides: [String] = []) throws {
        var path = "\(Self.root)/Simulator/Scenarios/sim-container.toml"
        if let scenarioText {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString).toml").path
            try scenarioText.replacingOccurrences(of: "@UNIT@", with: "\(Self.root)/Boards/units/simulator.toml")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        scenario = try ScenarioLoader.load(at: path, plantOverride: "table")
        unit = try ConfigLoader.loadUnit(at: scenario.unitPath, overrides: overrides)
        plant = try #require(PlantModels().make(for: scenario, unit: unit) as? TablePlant)
        emulator = Emulator(unit: unit, scenario: scenario, plant: plant, logger: logger)
        let stem = "/tmp/floc-emulator-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        pair = try PtyPair(controllerPath: stem + "-floc", plantPath: stem + "-plant")
        let field = try #require(unit.bus(named: "field"))
        do {
            try emulator.start(["plant": .tcp(port: 0),
                                "field": Emulator.defaultEndpoint(for: field, serialDevice: pair.plantPath)])
        } catch {
            pair.stop()
            throw error
        }
        tcp = LibmodbusLink.tcp(host: "127.0.0.1", port: emulator.servers["plant"]!.port)
        rtu = LibmodbusLink.rtu(SerialPortSettings(device: pair.controllerPath, baud: 19200))
        do {
            try tcp.connect()
            try rtu.connect()
        } catch {
            stop()
            throw error
        }
    }

    func stop() {
        tcp.close()
        rtu.close()
        emulator.stop()
        pair.stop()
    }

    func link(for device: DeviceConfig) -> LibmodbusLink { device.bus == "plant" ? tcp : rtu }

    /// Every readable point of `device`, read once by Floc's probe, by point name.
    func probe(_ name: String) throws -> [String: PointSample] {
        let device = try #require(unit.device(named: name))
        var probe = DeviceProbe(link: link(for: device), device: device, clock: SystemMonotonicClock(), logger: logger)
        return Dictionary(probe.readAll().map { ($0.0.name, $0.1) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes `value` to `device.point` as `floc write` does (encode, write, read back).
    func write(_ name: String, _ point: String, _ value: Double) throws -> WriteResult {
        let device = try #require(unit.device(named: name))
        var probe = DeviceProbe(link: link(for: device), device: device, clock: SystemMonotonicClock(), logger: logger)
        return try probe.writePoint(point, value: value)
    }
}
