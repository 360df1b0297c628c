import FlocTestSupport
import Foundation
import Testing

/// `floc check` and `floc run` with control sections: the DO loop closes through a pymodbus peer.
@Suite("floc control", .enabled(if: FlocCommand.available, "floc binary not built"))
struct FlocControlTests {
    @Test func checkPrintsTheShippedUnitsLoopsAlarmsAndInterlocks() throws {
        let result = try FlocCommand.run(["check", FlocCommand.shipped("units/simulator.toml")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  aeration1: aeration, mode auto, setpoint 2 [0.5, 4]"), "\(result.stdout)")
        #expect(result.stdout.contains("    do1.oxygen -> blower1.speed_reference + blower1.control_word (single loop, 1 blower)"))
        #expect(result.stdout.contains("  ph1: ph, mode auto, setpoint 7.5 [6.5, 8]"))
        #expect(result.stdout.contains("  level_high: level1.level ll 0.5, l 0.8, h 4, hh 4.5, deadband 0.05, priority high"))
        #expect(result.stdout.contains("  dosing: permissive level1.level > 0.5; stops ph1"))
    }

    /// The blower VFD (unit 1) and the DO probe (unit 10) on one TCP peer; DO 1.0 mg/L < SP 2.0.
    @Test(.enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
    func lowDODrivesTheBlowerSpeedReferenceAndStopGoesSafe() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        try peer.command(["cmd": "encode", "unit": 10, "address": 0x57, "type": "float32", "value": 1.0])
        let unit = FileManager.default.temporaryDirectory.appendingPathComponent("floc-control-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: unit) }
        try AerationUnitFixture.write(to: unit, name: "control-tcp", port: peer.modbusPort)
        let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("floc-status-\(UUID().uuidString).json").path
        // A writable state store: one that cannot be opened is an alarm (system.retained_state).
        let stateFile = FileManager.default.temporaryDirectory.appendingPathComponent("floc-state-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: stateFile + suffix) } }
        let running = try FlocCommand.Running(["run", unit.path, "--boards", FlocCommand.shipped(""), "--duration", "3",
                                               "--status-every", "1", "--status-file", statusFile,
                                               "--set", "retain.path=\"\(stateFile)\""])
        defer { running.kill() }
        func register(_ address: Int) -> Double {
            (try? peer.command(["cmd": "decode", "unit": 1, "address": address, "type": "uint16"]))?["value"] as? Double ?? -1
        }
        let driven = PeerProcess.poll(deadline: 10) { register(2002) >= 2000 && register(2000) == 1 }
        #expect(driven, "speed reference \(register(2002)) (0.01 %), control word \(register(2000))")
        // `floc status --json` reads what the running daemon writes.
        var status: [String: Any] = [:]
        let published = PeerProcess.poll(deadline: 5) {
            guard let result = try? FlocCommand.run(["status", "--json", "--status-file", statusFile]), result.status == 0,
                  let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                  (object["cycle"] as? [String: Any])?["cycles"] as? Int ?? 0 > 0 else { return false }
            status = object
            return true
        }
        #expect(published, "floc status --json never showed a scanned snapshot")
        let loops = status["loops"] as? [[String: Any]] ?? []
        #expect(loops.first?["name"] as? String == "aeration1")
        #expect(loops.first?["mode"] as? String == "auto")
        #expect(loops.first?["sp"] as? Double == 2)
        let points = status["points"] as? [[String: Any]] ?? []
        #expect(points.contains { $0["name"] as? String == "do1.oxygen" && $0["unit"] as? String == "mg/L" && $0["quality"] as? String == "good" })
        let cycle = status["cycle"] as? [String: Any] ?? [:]
        #expect(cycle["period_ms"] as? Double == 100)
        #expect(cycle["p99_lateness_us"] is Double)
        #expect(cycle["overruns"] is Int)
        let result = running.wait(deadline: 15)
        #expect(result.status == 0, "\(result.stderr)")
        let loopRow = result.stdoutLines.first { $0.hasPrefix("aeration1 ") }.map(MeterValues.collapse)
        #expect(loopRow?.hasPrefix("aeration1 auto 2 mg/L 1 mg/L ") == true, "\(result.stdout)")
        #expect(result.stdout.contains("alarms: none"))
        #expect(register(2002) == 0, "safe speed written on stop")
        #expect(register(2000) == 0, "run command off on stop")
        #expect(!FileManager.default.fileExists(atPath: statusFile), "the status file goes with the daemon")
    }
}
