import FlocTestSupport
import Foundation
import Glibc
import Testing

/// A full disk under the retained state, made with RLIMIT_FSIZE (no tmpfs can be mounted in CI):
/// `floc run` is started by `prlimit --fsize`, with SIGXFSZ ignored so a write past the limit
/// fails with EFBIG as one on a full disk fails with ENOSPC. floc keeps scanning and writing its
/// status, logs the failed save, and saves again once `prlimit --pid` lifts the limit.
@Suite("fault injection: disk full", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "prlimit (util-linux) not installed"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 CLI not installed"))
struct DiskFullTests {
    /// Room for the new database and a few saves in its write-ahead log, then "disk full".
    static let limitBytes = 160 * 1024

    @Test func aFullDiskIsLoggedControlGoesOnAndSavingResumesWhenSpaceReturns() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        let prefix = ["/bin/sh", "-c", "trap '' XFSZ; exec /usr/bin/prlimit --fsize=\(Self.limitBytes):unlimited \"$0\" \"$@\""]
        try plant.startFloc(sets: ["retain.save_interval_s=1"], prefix: prefix)
        let failed = PeerProcess.poll(deadline: 40) { plant.log.contains("retained state not saved") }
        try #require(failed, "the save fails once the file reaches the limit\n\(plant.log)")
        // EFBIG reaches SQLite as SQLITE_IOERR ("disk I/O error"); ENOSPC as SQLITE_FULL ("database or disk is full").
        #expect(plant.log.contains("disk I/O error") || plant.log.contains("disk is full"),
                "the log says why: \(plant.log)")
        let raised = plant.waitStatus(within: 5) { $0.alarm("system.retained_state")?.state == "unacknowledged" }
        #expect(raised.met, "the system alarm says so: \(String(describing: raised.last?.alarms))")
        let during = try #require(plant.status())
        // Control goes on: fresh status documents, the loop regulating, the blower commanded.
        let later = plant.waitStatus(within: 5) { $0.written_ms > during.written_ms + 1500 }
        #expect(later.met, "status still written")
        #expect(later.last?.loop("aeration1")?.safe_because == nil, "\(String(describing: later.last?.loop("aeration1")))")
        #expect(plant.floc?.isRunning == true)

        let liftMark = plant.log.count
        let pid = try #require(plant.floc?.processIdentifier)
        let stuckAt = Double(KillNineTests.sqlite(plant.database, "SELECT value FROM meta WHERE key = 'saved_at';")) ?? 0
        let lift = Process()
        lift.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        lift.arguments = ["--pid", "\(pid)", "--fsize=unlimited:unlimited"]
        try lift.run()
        lift.waitUntilExit()
        #expect(lift.terminationStatus == 0)
        #expect(PeerProcess.poll(deadline: 5) {
            (Double(KillNineTests.sqlite(plant.database, "SELECT value FROM meta WHERE key = 'saved_at';")) ?? 0) > stuckAt
        }, "saving resumes once space returns")
        let recovered = plant.log.dropFirst(liftMark)
        #expect(PeerProcess.poll(deadline: 3) { plant.log.dropFirst(liftMark).contains("state saved again after") },
                "the recovery is logged: \(recovered)")
        let again = plant.log.dropFirst(liftMark).components(separatedBy: "state saved again after").count - 1
        #expect(again == 1, "once")
        let returned = plant.waitStatus(within: 3) { $0.alarm("system.retained_state")?.state == "returned unacknowledged" }
        #expect(returned.met, "the system alarm returns: \(String(describing: returned.last?.alarms))")
        #expect(KillNineTests.sqlite(plant.database, "PRAGMA integrity_check;") == "ok")
        #expect(plant.stopFloc(SIGTERM).status == 0, "\(plant.log)")
    }
}
