import FlocTestSupport
import Foundation
import Glibc
import Historian
import Testing

/// A full disk under the history, made with RLIMIT_FSIZE in a child (this test binary re-run
/// through `TestChild`, so the limit never touches other tests): commits fail with an error, the
/// samples stay buffered, and once the limit is lifted the next commit writes them all.
@Suite struct HistoryDiskFullTests {
    static let writerVariable = "FLOC_HISTORY_DISK_FULL"

    @Test func failedCommitsKeepTheirSamplesUntilSpaceReturns() throws {
        if let path = ProcessInfo.processInfo.environment[Self.writerVariable] {
            Self.write(to: path)
        }
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let output = ChildLines()
        let child = try TestChild.start(test: "HistoryDiskFullTests/failedCommitsKeepTheirSamplesUntilSpaceReturns",
                                        variable: Self.writerVariable, value: fixture.path, output: output.pipe).process
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        #expect(PeerProcess.poll(deadline: 60) { output.drain(); return !child.isRunning })
        child.waitUntilExit()
        output.drain()
        let failures = output.lines.filter { $0.hasPrefix("failed ") }
        #expect(!failures.isEmpty, "the limit made commits fail: \(output.lines.suffix(5))")
        #expect(failures.allSatisfy { $0.contains("disk I/O error") || $0.contains("full") }, "\(failures.prefix(2))")
        let written = try #require(output.numbers(after: "written ").last, "\(output.lines.suffix(5))")
        let reader = try HistoryReader(path: fixture.path)
        let samples = try reader.raw("a", from: HistoryFixture.epoch, to: .max / 2)
        #expect(samples.count == Int(written), "every sample, those buffered during the failures too")
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $1.time - $0.time == 1000 })
    }

    /// The child's side: 64 series at 1 s under a 96 KiB file size limit until commits fail a few
    /// times, then the limit lifted and one more window; prints `failed <error>` and `written <n>`.
    private static func write(to path: String) -> Never {
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit(rlim_cur: 96 * 1024, rlim_max: rlim_t.max)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
        var failures = 0
        var second: Int64 = 0
        do {
            let writer = try HistoryWriter(settings: HistorySettings(path: path))
            let names = (0..<64).map { $0 == 0 ? "a" : "s\($0)" }
            func record() throws {
                let values = names.enumerated().map { ($0.element, Double(Float(Double(second) + Double($0.offset) / 3)), HistoryQuality.good) }
                second += 1
                try writer.record(values, at: HistoryFixture.epoch + (second - 1) * 1000)
            }
            while failures < 3, second < 100_000 {
                do {
                    try record()
                } catch {
                    failures += 1
                    print("failed \(error)")
                }
            }
            limit.rlim_cur = rlim_t.max
            setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
            for _ in 0..<10 { try record() }
            try writer.commit()
            print("written \(second)")
        } catch {
            print("error \(error)")
        }
        fflush(nil)
        exit(0)
    }
}
