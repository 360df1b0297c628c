import FlocTestSupport
import Foundation
import Glibc
import Historian
import Testing

/// `floc run` records history: the built binary runs a unit whose device does not answer (a closed
/// port), so its points are recorded as bad, and SIGTERM commits the buffered window.
@Suite(.enabled(if: FlocBinary.path != nil, "floc binary not built"))
struct HistoryRunTests {
    @Test func flocRunRecordsTheSelectedPointsAndCommitsAtStop() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let unit = fixture.folder.appendingPathComponent("unit.toml").path
        try """
            [unit]
            name = "history-run"
            board = "simulator"
            scan_period_ms = 100

            [buses.plant]
            type = "tcp"
            host = "127.0.0.1"
            port = 9
            response_timeout_ms = 50

            [devices.do1]
            profile = "aqualabo-optod"
            bus = "plant"
            address = 10

            [retain]
            path = "\(fixture.folder.path)/state.db"

            [historian]
            interval_ms = 200
            points = ["do1.*"]
            """.write(toFile: unit, atomically: true, encoding: .utf8)
        let floc = Process()
        floc.executableURL = URL(fileURLWithPath: try #require(FlocBinary.path))
        floc.arguments = ["run", unit, "--boards", PeerProcess.packageRoot.appendingPathComponent("Boards").path,
                          "--no-console", "--status-every", "100", "--status-file", fixture.folder.path + "/status.json"]
        floc.standardOutput = FileHandle.nullDevice
        floc.standardError = FileHandle.nullDevice
        try floc.run()
        defer { if floc.isRunning { kill(floc.processIdentifier, SIGKILL) }; floc.waitUntilExit() }
        // The first 10 s window committed while running (readable beside the writer), then SIGTERM.
        var during: Int64?
        #expect(PeerProcess.poll(deadline: 30) {
            during = (try? HistoryReader(path: fixture.path).latestTime()) ?? nil
            return during != nil
        })
        floc.terminate()
        #expect(PeerProcess.poll(deadline: 20) { !floc.isRunning })
        floc.waitUntilExit()
        #expect(floc.terminationStatus == 0)

        let reader = try HistoryReader(path: fixture.path)
        let names = try reader.seriesNames()
        #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("do1.") }, "only the selected points: \(names)")
        let samples = try reader.raw(names[0], from: 0, to: .max / 2)
        #expect(samples.count >= 5, "200 ms apart, the last window committed at SIGTERM: \(samples.count)")
        #expect(try reader.latestTime() ?? 0 > during ?? .max, "the sample opening the next window, committed at SIGTERM")
        #expect(samples.allSatisfy { $0.quality == .bad && $0.time % 200 == 0 }, "no answer is bad; times on the grid")
    }
}
