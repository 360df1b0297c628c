import FlocTestSupport
import Foundation
import Glibc
import Historian
import Testing

/// kill -9 of a process writing history through Floc's own writer: the file reopens consistent,
/// with every block the child reported as committed.
///
/// The test re-runs this test binary filtered to itself with `FLOC_HISTORY_WRITER` set; the child
/// writes 3 series at explicit 1 s times and prints `committed <latest time>` after each commit.
/// `synchronous=NORMAL` may lose the last commits on a power cut, not on kill -9 (the WAL is in
/// the page cache), so every reported commit must be there.
@Suite struct HistoryKillTests {
    static let writerVariable = "FLOC_HISTORY_WRITER"

    @Test func aKilledWriterLeavesAConsistentDatabase() throws {
        if let path = ProcessInfo.processInfo.environment[Self.writerVariable] {
            try Self.write(to: path)
        }
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let output = ChildLines()
        let child = try TestChild.start(test: "HistoryKillTests/aKilledWriterLeavesAConsistentDatabase",
                                        variable: Self.writerVariable, value: fixture.path, output: output.pipe).process
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        var reported: [Int64] { output.numbers(after: "committed ") }
        #expect(PeerProcess.poll(deadline: 60) { output.drain(); return reported.count >= 50 })
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        output.drain()
        #expect(child.terminationReason == .uncaughtSignal)

        let reader = try HistoryReader(path: fixture.path)
        let last = try #require(reported.last)
        for series in ["a", "b", "c"] {
            let samples = try reader.raw(series, from: HistoryFixture.epoch, to: .max / 2)
            #expect(samples.count >= Int((last - HistoryFixture.epoch) / 1000) + 1, "every reported commit of \(series) is there")
            #expect(zip(samples, samples.dropFirst()).allSatisfy { $1.time - $0.time == 1000 }, "no gap, no duplicate")
        }
        // A writer reopening the killed file carries on.
        let writer = try HistoryWriter(settings: fixture.settings())
        let resume = try #require(writer.latestCommitted) + 1000
        try writer.record([("a", 1, .good)], at: resume)
        try writer.commit()
        #expect(try reader.latestTime() == resume)
    }

    /// The child's side: write until killed, reporting each commit.
    private static func write(to path: String) throws -> Never {
        var settings = HistorySettings(path: path)
        settings.blockSpan = 5_000
        let writer = try HistoryWriter(settings: settings)
        var time = HistoryFixture.epoch
        while true {
            if try writer.record([("a", Double(time % 997), .good), ("b", .nan, .bad), ("c", 1, .uncertain)], at: time),
               let latest = writer.latestCommitted {
                FileHandle.standardOutput.write(Data("committed \(latest)\n".utf8))
            }
            time += 1000
        }
    }
}
