import FlocTestSupport
import Foundation
import Historian
import Testing

/// `floc export --csv` run as the built binary against a history made here.
@Suite(.enabled(if: FlocBinary.path != nil, "floc binary not built"))
struct HistoryExportTests {
    /// Runs floc to its end; stdout and stderr through files (a full pipe cannot stall it).
    static func export(_ arguments: [String]) throws -> (status: Int32, stdout: [String], stderr: String) {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("floc-export-\(UUID().uuidString)")
        let out = stem.appendingPathExtension("out"), err = stem.appendingPathExtension("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(FlocBinary.path))
        process.arguments = ["export"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        #expect(PeerProcess.poll(deadline: 30) { !process.isRunning })
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout.split(separator: "\n").map(String.init),
                (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// 2 minutes of `do1.oxygen` and `ph1.ph` at 1 s, ph1.ph bad at second 3, from the fixture's epoch.
    static func history(_ fixture: HistoryFixture) throws {
        let writer = try HistoryWriter(settings: fixture.settings())
        for second in 0..<120 {
            try writer.record([("do1.oxygen", Double(second), .good), ("ph1.ph", second == 3 ? .nan : 7.5, second == 3 ? .bad : .good)],
                              at: HistoryFixture.epoch + Int64(second) * 1000)
        }
        try writer.commit()
    }

    @Test func longRawRowsInTimeThenSeriesOrder() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        try Self.history(fixture)
        let result = try Self.export(["--csv", "--db", fixture.path, "--from", "2026-11-01T00:00:02Z",
                                      "--to", "2026-11-01T00:00:04.000Z", "--resolution", "raw"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == [
            "time,series,value,quality",
            "2026-11-01T00:00:02.000Z,do1.oxygen,2.0,good",
            "2026-11-01T00:00:02.000Z,ph1.ph,7.5,good",
            "2026-11-01T00:00:03.000Z,do1.oxygen,3.0,good",
            "2026-11-01T00:00:03.000Z,ph1.ph,,bad",
        ])
    }

    @Test func wideRollupsOfSelectedSeries() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        try Self.history(fixture)
        let result = try Self.export(["--csv", "--db", fixture.path, "--from", "2026-11-01", "--to", "2026-11-01T00:02:00Z",
                                      "--resolution", "rollup", "--points", "do*", "--wide"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == ["time,do1.oxygen", "2026-11-01T00:00:00.000Z,29.5", "2026-11-01T00:01:00.000Z,89.5"])
        let long = try Self.export(["--csv", "--db", fixture.path, "--from", "2026-11-01", "--to", "2026-11-01T00:01:00Z",
                                    "--resolution", "rollup"])
        #expect(long.stdout == ["time,series,avg,min,max,count,quality",
                                "2026-11-01T00:00:00.000Z,do1.oxygen,29.5,0.0,59.0,60,good",
                                "2026-11-01T00:00:00.000Z,ph1.ph,7.5,7.5,7.5,60,bad"])
    }

    @Test func theUnitFileNamesTheDatabase() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        try Self.history(fixture)
        let unit = PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path
        let result = try Self.export(["--csv", "--unit", unit, "--set", "retain.path=\(fixture.folder.path)/state.db",
                                      "--from", "2026-11-01", "--to", "2026-11-01T00:00:01Z", "--points", "ph1.ph"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == ["time,series,value,quality", "2026-11-01T00:00:00.000Z,ph1.ph,7.5,good"],
                "history.db beside the retained state; auto is raw for 1 s")
    }

    static let badArguments: [([String], String)] = [
        (["--db", "/x.db"], "--csv is required"),
        (["--csv"], "give --unit <unit.toml> or --db <path>"),
        (["--csv", "--db", "/x.db", "--from", "yesterday"], "--from: cannot read 'yesterday'"),
        (["--csv", "--db", "/x.db", "--from=-1h", "--to=-2h"], "--from must be before --to"),
        (["--csv", "--db", "/x.db", "--resolution", "fine"], "--resolution: 'fine' is not raw, rollup or auto"),
        (["--csv", "--db", "/x.db", "--colour"], "Unknown option '--colour'"),
    ]

    @Test(arguments: badArguments)
    func badArgumentsExit2(_ arguments: [String], _ message: String) throws {
        let result = try Self.export(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownSeriesOrAMissingFileIsClear() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let missing = try Self.export(["--csv", "--db", fixture.path])
        #expect(missing.status == 1 && missing.stderr.contains("no history database at \(fixture.path)"))
        try Self.history(fixture)
        let unknown = try Self.export(["--csv", "--db", fixture.path, "--points", "blower*"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--points: 'blower*' matches no recorded series"))
    }
}

/// The `floc` binary beside this test binary, or in the default debug folder.
enum FlocBinary {
    static let path: String? = {
        var candidates: [URL] = []
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("floc"))
        }
        candidates.append(PeerProcess.packageRoot.appendingPathComponent(".build/debug/floc"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
