import FlocTestSupport
import Foundation
import Glibc
import Testing

/// SIGTERM to `floc run` while it aerates and doses: the drives and relays hold their safe values
/// before it exits (read back from the plant), it exits 0 within the bound, its state is saved.
@Suite("fault injection: SIGTERM", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 CLI not installed"))
struct SigtermTests {
    /// SIGTERM to exit: outputs written safe (bounded by the devices' 300 ms timeouts) and a save.
    static let exitBound = 5.0

    @Test func sigtermWritesEveryOutputSafeSavesAndExits() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        try plant.startFloc(sets: ["loops.aeration1.setpoint=3.5"])
        #expect(PeerProcess.poll(deadline: 20) {
            plant.plantValue("blower1.run_command") == 1 && (plant.plantValue("blower1.speed_command") ?? 0) > 0
        }, "the blower runs before SIGTERM\n\(plant.log)")
        let sent = Date().timeIntervalSince1970
        let stopped = plant.stopFloc(SIGTERM, deadline: 15)
        #expect(stopped.status == 0, "\(plant.log)")
        #expect(stopped.seconds < Self.exitBound, "exit took \(stopped.seconds) s")
        #expect(plant.plantValue("blower1.run_command") == 0, "the blower is told to stop")
        #expect(plant.plantValue("blower1.speed_command") == 0, "safe_speed_pct = 0")
        #expect(plant.plantValue("dosing.acid_pump") == 0 && plant.plantValue("dosing.caustic_pump") == 0, "dosing relays off")
        #expect(plant.log.contains("reason=SIGTERM"), "\(plant.log)")
        let savedAt = Double(KillNineTests.sqlite(plant.database, "SELECT value FROM meta WHERE key = 'saved_at';")) ?? 0
        #expect(savedAt >= sent, "saved on the way out: \(savedAt) vs SIGTERM at \(sent)")
        #expect(KillNineTests.savedSetpoint(plant.database) == 3.5)
    }
}
