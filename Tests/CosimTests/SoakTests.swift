@testable import Cosim
import Foundation
import Testing

/// The lock-step soak, short: `floc-sim cosim --soak` (its own process, so nothing else moves its
/// memory, descriptors or threads) for two quarter days (6 simulated hours each, every fault of
/// the daily schedule once a quarter day, a quarter as long) of the container unit with the
/// telemetry queue (bound 25 records) and retained state on disk; about a minute in a debug build.
/// Descriptors and threads must read the same at the end of both days, and RSS grow less than
/// 2 MiB in the second (43 200 scans): that catches a leak of about 48 bytes a scan or more, and an
/// fd or thread left behind by a fault, the outage or the saves; not a slow leak (the 30-day run in
/// README, "Soak").
@Suite struct SoakTests {
    static let rssBoundKiBPerDay = 2048

    /// The built floc-sim next to the test bundle, else in .build/debug.
    static var flocSim: String? {
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        var candidates: [String] = []
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("floc-sim").path)
        }
        candidates.append(RepositoryFiles.path(".build/debug/floc-sim"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: flocSim != nil, "floc-sim not built"))
    func twoDaysStayFlatAndTheQueueCyclesThroughItsBound() throws {
        let csv = NSTemporaryDirectory() + "floc-soak-test-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.flocSim))
        process.arguments = ["cosim", RepositoryFiles.path("Simulator/plants/container.toml"), "--soak", "--days", "2",
                             "--day-hours", "6", "--queue-bound", "25", "--rss-bound", "\(Self.rssBoundKiBPerDay)", "--resources", csv]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "not flat, or failed:\n\(text)")
        #expect(text.contains(": FLAT"))
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        try #require(lines.count == 4 && lines[0] == SoakResult.header, "\(lines)")
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        func value(_ day: Int, _ column: String) -> Double? { Double(rows[day][column] ?? "") }
        #expect(rows.map { $0["day"] } == ["0", "1", "2"])
        #expect(rows[2]["scans"] == "86400")
        #expect(value(1, "fds") == value(2, "fds") && value(1, "threads") == value(2, "threads"))
        #expect((value(2, "rss_kib") ?? .infinity) - (value(1, "rss_kib") ?? 0) < Double(Self.rssBoundKiBPerDay))
        // Day 0's outage (its last eighth: 45 samples) passes the 25-record bound: alarm, then 20 dropped.
        #expect(value(1, "sampled") == 360 && value(2, "sampled") == 720)
        #expect(value(1, "high_water") == 1 && value(1, "dropped") == 20 && value(1, "queued") == 25)
        // Day 1 has no outage: its first sample still meets the full queue (one more dropped), then
        // the backlog is delivered once, in order, and the queue stays empty.
        #expect(value(2, "dropped") == 21 && value(2, "delivered") == 720 - 21 && value(2, "queued") == 0)
        #expect(value(2, "misdelivered") == 0)
        // Checked every sample (60 s), each past the 10 s save_interval_s: a save every time.
        #expect(value(2, "saves") == 720)
        for day in 1...2 {
            #expect((1.0...3.5).contains(value(day, "do_mgl") ?? 0), "DO held near its setpoint through the faults")
            #expect((6.5...8.0).contains(value(day, "ph") ?? 0), "pH held")
        }
    }

    @Test func scheduleCoversEveryFaultKindAndTheOutageOnEvenDaysOnly() {
        let schedule = SoakSchedule()
        let kinds = Set(schedule.faults(day: 3).map(\.kind))
        #expect(kinds == Set(InstrumentFault.kinds))
        #expect(Set(schedule.faults(day: 0).compactMap(\.fault)) == ["blower1.trip", "dosing.acid_pump.failure",
                                                                     "dosing.caustic_pump.failure", "influent.pump.failure"])
        #expect(schedule.faults(day: 2).allSatisfy { $0.start_s >= 2 * 86_400 && ($0.end_s ?? .infinity) <= 3 * 86_400 })
        #expect(schedule.faults(day: 0).allSatisfy { $0.problem == nil })
        #expect(!schedule.uplinkDown(at: 20.9 * 3600) && schedule.uplinkDown(at: 21 * 3600) && schedule.uplinkDown(at: 86_399))
        #expect(!schedule.uplinkDown(at: 86_400 + 22 * 3600) && schedule.uplinkDown(at: 2 * 86_400 + 22 * 3600))
        var quarter = SoakSchedule()
        quarter.dayLength = 21_600
        #expect(quarter.faults(day: 1).first?.start_s == 21_600 + 900 && quarter.faults(day: 1).first?.end_s == 21_600 + 2700)
        #expect(!quarter.uplinkDown(at: 18_899) && quarter.uplinkDown(at: 18_900) && !quarter.uplinkDown(at: 21_600 + 18_900))
    }

    @Test func resultVerdictMeasuresGrowthFromTheEndOfDayOne() {
        func day(_ n: Int, _ rss: Int, fds: Int = 10) -> SoakDay {
            SoakDay(day: n, resources: ProcessResources(rssKiB: rss, fileDescriptors: fds, threads: 1), wallSeconds: 0, scans: 0)
        }
        let flat = SoakResult(days: [day(0, 1000), day(1, 9000), day(2, 9010), day(3, 9020)], unwiredOutputs: [])
        #expect(flat.rssGrowthKiBPerDay == 10 && flat.rssSlopeKiBPerDay == 10)
        #expect(flat.isFlat(rssBoundKiBPerDay: 64))
        #expect(!flat.isFlat(rssBoundKiBPerDay: 5))
        let leaking = SoakResult(days: [day(0, 1000), day(1, 9000), day(2, 9000, fds: 11)], unwiredOutputs: [])
        #expect(!leaking.fileDescriptorsFlat && !leaking.isFlat(rssBoundKiBPerDay: 64))
        #expect(leaking.verdict(rssBoundKiBPerDay: 64).contains("GROWING"))
    }

    @Test func processResourcesReadsThisProcess() {
        let now = ProcessResources.current()
        #expect((now.rssKiB ?? 0) > 1000)
        #expect((now.threads ?? 0) >= 1)
        // Other suites open and close descriptors meanwhile: only a plausible count is certain.
        #expect((now.fileDescriptors ?? 0) >= 3, "stdin, stdout and stderr at least")
    }
}
