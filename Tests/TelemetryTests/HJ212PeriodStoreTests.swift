import Foundation
import Logging
import Synchronization
import Testing
@testable import Telemetry

/// Open minute/hour/day statistics saved in the queue file and taken back after a restart.
struct HJ212PeriodStoreTests {
    static let midnight = HJ212ReporterTests.midnightCST
    static let signature = "w00000=flow1.value[m3/h],w01009=do1.oxygen[mg/L]"

    static func reporter() -> HJ212Reporter {
        HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 3600, minuteInterval: 10,
                      cumulation: HJ212Cumulation(flowUnit: .cubicMetresPerHour, massCodes: []))
    }

    /// Samples once a second over [from, to) s after `midnight`: flow 36 m3/h, DO `value`.
    static func feed(_ reporter: inout HJ212Reporter, seconds: Range<Int64>, value: Double) -> [HJ212Message] {
        seconds.flatMap { second in
            reporter.add(timestampMilliseconds: midnight + second * 1000,
                         [(code: "w00000", value: 36, flag: .normal), (code: "w01009", value: value, flag: .normal)])
        }
    }

    @Test func savedPeriodsComeBackExactly() throws {
        let store = try HJ212PeriodStore(path: temporaryDatabase(), signature: Self.signature, logger: quietLogger)
        #expect(try store.load().isEmpty)
        var reporter = Self.reporter()
        _ = Self.feed(&reporter, seconds: 0..<95, value: 2.5)
        _ = reporter.add(timestampMilliseconds: Self.midnight + 95_000, [(code: "w01009", value: 1, flag: .communication)])
        try store.save(reporter.openPeriods)
        let loaded = try store.load()
        #expect(loaded.count == 3)
        #expect(loaded == reporter.openPeriods, "counts, sums, min/max (infinite when empty), Cou and flag counts survive")
    }

    @Test func restartInMidHourKeepsBothSidesOfTheHour() throws {
        let path = temporaryDatabase()
        var before = Self.reporter()
        _ = Self.feed(&before, seconds: 0..<1800, value: 2)   // 00:00:00 - 00:29:59
        try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger).save(before.openPeriods)

        // Back at 00:40: the minute period 00:20-00:30 ended while Floc was down, the hour goes on.
        var after = Self.reporter()
        let store = try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger)
        let closed = after.restore(try store.load(), at: Self.midnight + 2_400_000)
        #expect(closed.map(\.cn) == ["2051"])
        #expect(closed.first?.cp == "DataTime=20260101002000;w00000-Min=36.00,w00000-Avg=36.00,w00000-Max=36.00,"
            + "w00000-Cou=5.99,w00000-Flag=N;w01009-Min=2.0,w01009-Avg=2.0,w01009-Max=2.0,w01009-Flag=N")
        #expect(after.openPeriods.map(\.kind) == [.hour, .day])
        let uploads = Self.feed(&after, seconds: 2400..<3601, value: 4)   // 00:40:00 - 01:00:00
        let hour = try #require(uploads.first { $0.cn == "2061" })
        // 1800 samples of 2 and 1200 of 4: avg 2.8. Volume: 1799 s before (the last sample's interval
        // ended with Floc) + 1200 s after, at 0.01 m3/s = 29.99 m3.
        #expect(hour.cp == "DataTime=20260101000000;w00000-Min=36.00,w00000-Avg=36.00,w00000-Max=36.00,"
            + "w00000-Cou=29.99,w00000-Flag=N;w01009-Min=2.0,w01009-Avg=2.8,w01009-Max=4.0,w01009-Flag=N")
    }

    @Test func restartKeepsTheDayAndClosesTheHourThatEnded() throws {
        let path = temporaryDatabase()
        var before = Self.reporter()
        _ = Self.feed(&before, seconds: 36_000..<36_600, value: 1)   // 10:00:00 - 10:09:59
        try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger).save(before.openPeriods)

        var after = Self.reporter()
        let saved = try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger).load()
        let closed = after.restore(saved, at: Self.midnight + 54_000_000)   // back at 15:00
        #expect(closed.map(\.cn) == ["2051", "2061"])
        #expect(closed.map { HJ212CumulationTests.fields($0.cp)["DataTime"] } == ["20260101100000", "20260101100000"])
        #expect(closed.allSatisfy { HJ212CumulationTests.fields($0.cp)["w01009-Flag"] == "N" },
                "a period cut short keeps the flag of its samples")
        _ = Self.feed(&after, seconds: 54_000..<54_600, value: 3)   // 15:00:00 - 15:09:59
        let next = Self.feed(&after, seconds: 86_400..<86_401, value: 100)   // next midnight
        let day = try #require(next.first { $0.cn == "2031" })
        // 600 samples of 1, 600 of 3. Volume at 0.01 m3/s: 599 s before the restart (the last
        // sample's interval ended with Floc), 599 s + 10 s after (the last rate held 10 s) = 12.08 m3.
        #expect(day.cp == "DataTime=20260101000000;w00000-Min=36.00,w00000-Avg=36.00,w00000-Max=36.00,"
            + "w00000-Cou=12.08,w00000-Flag=N;w01009-Min=1.0,w01009-Avg=2.0,w01009-Max=3.0,w01009-Flag=N")
    }

    @Test func changedFactorsDropTheSavedPeriodsAndSaySo() throws {
        let path = temporaryDatabase()
        var reporter = Self.reporter()
        _ = Self.feed(&reporter, seconds: 0..<60, value: 2)
        try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger).save(reporter.openPeriods)

        let lines = LogLines()
        let logger = Logger(label: "floc.test") { _ in CapturingLogHandler(lines: lines) }
        let store = try HJ212PeriodStore(path: path, signature: "w01009=do1.oxygen[mg/L]", logger: logger)
        #expect(try store.load().isEmpty)
        #expect(lines.all.contains { $0.contains("factors changed") && $0.contains("dropped") })
        #expect(try HJ212PeriodStore(path: path, signature: Self.signature, logger: quietLogger).load().isEmpty,
                "the stale rows are gone, not kept for a later match")
    }

    @Test func aPeriodOfAnotherLengthIsClosed() throws {
        var before = Self.reporter()
        _ = Self.feed(&before, seconds: 0..<120, value: 2)
        var after = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 3600, minuteInterval: 5)
        let closed = after.restore(before.openPeriods, at: Self.midnight + 130_000)
        #expect(closed.map(\.cn) == ["2051"], "the saved 10-minute period does not continue as a 5-minute one")
        #expect(after.openPeriods.map(\.kind) == [.hour, .day])
    }
}

/// Log lines kept by ``CapturingLogHandler``.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// Keeps every log line's message and metadata, for tests that check what was logged.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(lines: LogLines) { self.lines = lines }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
    }
}
