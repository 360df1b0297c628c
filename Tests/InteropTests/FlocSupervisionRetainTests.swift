import FlocTestSupport
import Foundation
import Glibc
import Testing

/// `floc run` across restarts and reloads, with the real binary against a pymodbus peer:
/// retained state and its policies, the restart-loop guard, SIGHUP, a stalled bus.
@Suite("floc supervision: retained state, restart guard, reload",
       .enabled(if: FlocCommand.available, "floc binary not built"),
       .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
struct FlocSupervisionRetainTests {
    /// A folder with the aeration unit (plus `extra` TOML) pointing at `peer`, and its state database.
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-retain-\(UUID().uuidString)")
        let unit: URL
        let port: Int
        var database: String { folder.appendingPathComponent("state.db").path }

        init(port: Int, extra: String = "") throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            unit = folder.appendingPathComponent("unit.toml")
            self.port = port
            try write(extra)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Rewrites the unit: the fixture, `[retain] path` in the folder, then `extra`.
        func write(_ extra: String) throws {
            try AerationUnitFixture.write(to: unit, name: "retained", port: port)
            let text = try String(contentsOf: unit, encoding: .utf8) + "\n[retain]\npath = \"\(database)\"\n" + extra
            try text.write(to: unit, atomically: true, encoding: .utf8)
        }

        func arguments(_ more: [String]) -> [String] {
            ["run", unit.path, "--boards", FlocCommand.shipped(""), "--no-console",
             "--status-file", folder.appendingPathComponent("status.json").path] + more
        }

        func run(_ more: [String]) throws -> FlocCommand.Result {
            try FlocCommand.Running(arguments(["--duration", "2.5"] + more)).wait(deadline: 20)
        }
    }

    /// The status table's aeration1 row.
    static func loopRow(_ result: FlocCommand.Result) -> String {
        result.stdoutLines.last { $0.hasPrefix("aeration1") } ?? ""
    }

    static func stderr(_ running: FlocCommand.Running) -> String {
        (try? String(contentsOf: running.err, encoding: .utf8)) ?? ""
    }

    @Test func setpointsSurviveARestartPerPolicyAndAChangedConfigIsNoticed() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        let setup = try Setup(port: peer.modbusPort, extra: "changed_loops = \"restore\"\n")
        let first = try setup.run(["--set", "loops.aeration1.setpoint=3.0"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.loopRow(first).contains("3 mg/L"), "\(Self.loopRow(first))")

        let second = try setup.run([])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("configuration changed since the retained state was saved"), "\(second.stderr)")
        #expect(second.stderr.contains("retained state restored: aeration1 setpoint 3.0"), "\(second.stderr)")
        #expect(Self.loopRow(second).contains("3 mg/L"), "restored over the file's 2.0: \(Self.loopRow(second))")

        try setup.write("setpoints = \"default\"\n")
        let third = try setup.run([])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(!third.stderr.contains("restored: aeration1 setpoint"), "\(third.stderr)")
        #expect(Self.loopRow(third).contains("2 mg/L"), "policy default: \(Self.loopRow(third))")
    }

    @Test func tooManyStartsRunMonitoringOnlyUntilCleared() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        let setup = try Setup(port: peer.modbusPort, extra: "[supervision]\nrestart_limit = 2\n")
        let first = try setup.run([])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("MONITORING-ONLY"))

        let second = try setup.run([])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("restart-loop guard: 2 starts within 10 min (limit 2)"), "\(second.stderr)")
        #expect(second.stderr.contains("--clear-restart-guard"))
        #expect(second.stdout.contains("MONITORING-ONLY"))
        #expect(Self.loopRow(second).contains("oos"), "loops forced out of service: \(Self.loopRow(second))")
        #expect(second.stdout.contains("system.monitoring_only high unacknowledged"), "an alarm, not only a log line: \(second.stdout)")

        let cleared = try setup.run(["--clear-restart-guard"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stderr.contains("restart-loop guard cleared"))
        #expect(!cleared.stdout.contains("MONITORING-ONLY"))
        #expect(Self.loopRow(cleared).contains("auto"), "\(Self.loopRow(cleared))")
    }

    @Test func sighupWithABrokenUnitKeepsRunningAndAChangedTuningIsApplied() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        let setup = try Setup(port: peer.modbusPort)
        let running = try FlocCommand.Running(setup.arguments(["--status-every", "0.5"]))
        defer { running.kill() }
        #expect(PeerProcess.poll(deadline: 20) { running.stdout.contains("aeration1") })

        try setup.write("modes = \"sometimes\"\n[loops.aeration1.outer]\ngain = -4\n")
        running.signal(SIGHUP)
        #expect(PeerProcess.poll(deadline: 10) { Self.stderr(running).contains("reload refused: 2 errors") }, "\(Self.stderr(running))")
        let refused = Self.stderr(running)
        #expect(refused.contains("retain.modes") && refused.contains("loops.aeration1.outer.gain"), "every error is logged: \(refused)")
        #expect(running.process.isRunning, "still running the previous configuration")

        try setup.write("[loops.aeration1.outer]\ngain = 30\n")
        running.signal(SIGHUP)
        #expect(PeerProcess.poll(deadline: 10) { Self.stderr(running).contains("reload applied") }, "\(Self.stderr(running))")
        #expect(Self.stderr(running).contains("changed loops: aeration1"))

        try setup.write("[loops.aeration1.outer]\ngain = 30\n")
        let moved = try String(contentsOf: setup.unit, encoding: .utf8).replacingOccurrences(of: "poll_fast_ms = 200", with: "poll_fast_ms = 300")
        try moved.write(to: setup.unit, atomically: true, encoding: .utf8)
        running.signal(SIGHUP)
        #expect(PeerProcess.poll(deadline: 10) { Self.stderr(running).contains("[devices] changed; that takes a restart") },
                "\(Self.stderr(running))")

        running.signal(SIGTERM)
        let result = running.wait(deadline: 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("reason=SIGTERM"))
    }

    @Test func aStalledBusIsAlarmedThenItsLoopsAreHeldSafe() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        let setup = try Setup(port: peer.modbusPort, extra: "[supervision]\nbus_stalled_alarm_s = 1\nbus_stalled_safe_s = 2\n")
        let running = try FlocCommand.Running(setup.arguments(["--status-every", "0.5"]))
        defer { running.kill() }
        #expect(PeerProcess.poll(deadline: 20) { running.stdout.contains("aeration1") })
        peer.stop()
        #expect(PeerProcess.poll(deadline: 15) { Self.stderr(running).contains("loops aeration1 held safe") }, "\(Self.stderr(running))")
        #expect(Self.stderr(running).contains("bus plant stalled: no successful transaction"))
        #expect(PeerProcess.poll(deadline: 5) { running.stdout.contains("system.bus_stalled.plant critical unacknowledged") },
                "the stalled bus is in the unit's alarm list: \(running.stdout)")
        running.signal(SIGTERM)
        #expect(running.wait(deadline: 15).status == 0)
    }
}
