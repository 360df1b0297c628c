import Config
import Emulator
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import HALLinux
import Logging
import Testing

/// The built `floc-sim` serving a copy of Simulator/plants/container.toml (or a scenario) in a
/// private folder: TCP on a kernel-chosen port, RTU on a pty in the folder, the control socket
/// there too; and Floc's real master path, one ``BusPoller`` per bus over libmodbus on its own
/// thread, filling one ``PointImage``. Stopped on every path by `stop()`.
final class ServedPlant {
    static let root = PeerProcess.packageRoot.path
    /// Quick failures and recoveries: short timeouts and back-off, every device polled fast.
    static let quick = ["do1", "ph1", "level1", "io1", "blower1", "airflow1"].flatMap {
        ["devices.\($0).timeout_ms=300", "devices.\($0).backoff_min_ms=100", "devices.\($0).backoff_max_ms=300",
         "devices.\($0).poll_fast_ms=200", "devices.\($0).poll_slow_ms=1000"]
    }

    let folder: String
    let sim: PeerProcess
    let unit: UnitConfig
    let image = PointImage()
    let clock = SystemMonotonicClock()
    var pollers: [String: BusPoller] = [:]
    var links: [LibmodbusLink] = []
    let logger = Logger(label: "floc.emulator-tests") { _ in SwiftLogNoOpLogHandler() }
    var socketPath: String { folder + "/control.sock" }

    /// `scenario`: text of a scenario whose `@PLANT@` and `@UNIT@` name the copies; nil
    /// serves the plant file itself. `arguments` go to `floc-sim serve`.
    init(scenario: String? = nil, arguments: [String] = [], poll buses: [String] = ["plant", "field"]) throws {
        folder = try BuiltBinary.temporaryFolder()
        try Self.writeUnit(to: folder)
        let plantText = try String(contentsOfFile: "\(Self.root)/Simulator/plants/container.toml", encoding: .utf8)
            .replacingOccurrences(of: "unit = \"../../Boards/units/simulator.toml\"",
                                  with: "unit = \"\(folder)/unit.toml\"\nboards = \"\(Self.root)/Boards\"")
        try plantText.write(toFile: folder + "/container.toml", atomically: true, encoding: .utf8)
        var served = folder + "/container.toml"
        if let scenario {
            served = folder + "/scenario.toml"
            try scenario.replacingOccurrences(of: "@PLANT@", with: folder + "/container.toml")
                .replacingOccurrences(of: "@UNIT@", with: folder + "/unit.toml")
                .write(toFile: served, atomically: true, encoding: .utf8)
        }
        let sim = try PeerProcess(try #require(BuiltBinary.path("floc-sim")),
                                  ["serve", served, "--tcp-port", "0", "--duration", "120", "--summary-every", "0",
                                   "--control-socket", folder + "/control.sock"] + arguments)
        self.sim = sim
        do {
            let ready = try #require(BuiltBinary.readLine(sim.outputPipe.fileHandleForReading, deadline: 20),
                                     "no ready line: \(sim.errorOutput)")
            let port = try #require(ready.split(separator: ";").compactMap { part -> Int? in
                part.contains("TCP 127.0.0.1:") ? Int(part.split(separator: ":").last!) : nil
            }.first, "\(ready)")
            unit = try ConfigLoader.loadUnit(at: folder + "/unit.toml", boardsDirectory: "\(Self.root)/Boards",
                                             overrides: Self.quick + ["buses.plant.port=\(port)"])
        } catch {
            sim.stop()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        do {
            for bus in buses {
                let config = try #require(unit.bus(named: bus))
                let link = LibmodbusLink.make(try config.endpoint(board: unit.board))
                links.append(link)
                pollers[bus] = BusPoller(bus: bus, link: link, devices: unit.devices(on: bus), image: image,
                                         clock: clock, logger: logger)
            }
        } catch {
            stop()
            throw error
        }
        for poller in pollers.values { poller.start() }
    }

    /// The shipped unit as `<folder>/unit.toml`, its RTU bus on the pty `<folder>/rs485-0`.
    static func writeUnit(to folder: String) throws {
        let unitText = try String(contentsOfFile: "\(root)/Boards/units/simulator.toml", encoding: .utf8)
            .replacingOccurrences(of: "port = \"rs485-0\"", with: "device = \"\(folder)/rs485-0\"")
        try unitText.write(toFile: folder + "/unit.toml", atomically: true, encoding: .utf8)
    }

    func stop() {
        for poller in pollers.values { poller.stop() }
        for link in links { link.close() }
        sim.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// One command on the control socket; the answer line.
    func control(_ command: String) throws -> String { try ControlClient.send(command, to: socketPath) }

    /// `floc-sim <arguments> --control-socket <ours>` run to completion.
    func cli(_ arguments: [String]) throws -> BuiltBinary.Result {
        try BuiltBinary.run("floc-sim", arguments + ["--control-socket", socketPath])
    }

    func sample(_ device: String, _ point: String) -> PointSample? {
        image.snapshot(at: clock.now)[PointImage.key(device: device, point: point)]
    }

    func statistics(_ device: String) -> DeviceStatistics {
        let bus = unit.device(named: device)?.bus ?? ""
        return pollers[bus]?.statistics.devices[device] ?? DeviceStatistics()
    }

    /// Waits up to `seconds` for `condition` (polled every 50 ms).
    func wait(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        PeerProcess.poll(deadline: seconds, condition)
    }

    /// Waits for the second good reading of `device.point` from now, and returns it: the
    /// first may answer a request sent before now, the second was surely sent after.
    func freshGood(_ device: String, _ point: String, within seconds: Double = 10) -> PointSample? {
        var after = clock.now
        var found: PointSample?
        for _ in 0..<2 {
            found = nil
            _ = wait(within: seconds) {
                guard let sample = sample(device, point), sample.quality == .good, sample.time > after else { return false }
                found = sample
                return true
            }
            guard let sample = found else { return nil }
            after = sample.time
        }
        return found
    }
}
