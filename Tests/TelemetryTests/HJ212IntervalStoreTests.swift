import Foundation
import Logging
import Testing
@testable import Telemetry

/// Which intervals apply after a restart: the platform's, each unless the unit file's changed since.
@Suite struct HJ212IntervalStoreTests {
    typealias Intervals = HJ212Intervals
    static let setAt: Int64 = 1_767_196_800_000   // 2026-01-01 00:00 CST
    static let unitFile = Intervals(realTimeSeconds: 30, minuteMinutes: 10)
    static let platform = Intervals(realTimeSeconds: 120, minuteMinutes: 5)

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        /// Saved: the intervals and the unit file's when they were set; nil: nothing saved.
        var saved: (intervals: Intervals, configured: Intervals)?
        var configured: Intervals
        var expected: Intervals
        /// Text of the notice that the unit file won, if any.
        var notice: String?
    }

    static let cases: [Case] = [
        Case(testDescription: "nothing saved", saved: nil, configured: unitFile, expected: unitFile),
        Case(testDescription: "unit file unchanged: the platform's both", saved: (platform, unitFile), configured: unitFile,
             expected: platform),
        Case(testDescription: "real-time edited", saved: (platform, unitFile), configured: Intervals(realTimeSeconds: 60, minuteMinutes: 10),
             expected: Intervals(realTimeSeconds: 60, minuteMinutes: 5),
             notice: "realtime_interval_s changed in the unit file (30 -> 60 s) since the platform set 120 s (20260101000000 CST)"),
        Case(testDescription: "minute edited", saved: (platform, unitFile), configured: Intervals(realTimeSeconds: 30, minuteMinutes: 15),
             expected: Intervals(realTimeSeconds: 120, minuteMinutes: 15),
             notice: "minute_interval_min changed in the unit file (10 -> 15 min) since the platform set 5 min"),
        Case(testDescription: "both edited", saved: (platform, unitFile), configured: Intervals(realTimeSeconds: 60, minuteMinutes: 15),
             expected: Intervals(realTimeSeconds: 60, minuteMinutes: 15), notice: "the unit file's 15 min applies"),
        Case(testDescription: "the platform set what the file said; file edited: no notice", saved: (unitFile, unitFile),
             configured: Intervals(realTimeSeconds: 60, minuteMinutes: 10), expected: Intervals(realTimeSeconds: 60, minuteMinutes: 10)),
        Case(testDescription: "a saved value out of the platform's range is not used",
             saved: (Intervals(realTimeSeconds: 5, minuteMinutes: 7), unitFile), configured: unitFile, expected: unitFile),
    ]

    @Test(arguments: cases) func resolve(_ test: Case) throws {
        let path = temporaryDatabase()
        if let saved = test.saved {
            try HJ212IntervalStore(path: path, logger: quietLogger).save(saved.intervals, configured: saved.configured, at: Self.setAt)
        }
        let lines = LogLines()
        let store = try HJ212IntervalStore(path: path, logger: Logger(label: "floc.test") { _ in CapturingLogHandler(lines: lines) })
        #expect(store.resolve(configured: test.configured, at: Self.setAt + 60_000) == test.expected)
        let notices = lines.all.filter { $0.contains("changed in the unit file") }
        if let notice = test.notice {
            #expect(notices.contains { $0.contains(notice) }, "\(lines.all)")
        } else {
            #expect(notices.isEmpty, "\(notices)")
        }
        // The same file again: the same answer, and no notice twice for one edit.
        let again = LogLines()
        let reopened = try HJ212IntervalStore(path: path, logger: Logger(label: "floc.test") { _ in CapturingLogHandler(lines: again) })
        #expect(reopened.resolve(configured: test.configured, at: Self.setAt + 120_000) == test.expected)
        #expect(!again.all.contains { $0.contains("changed in the unit file") })
    }

    @Test func anOverriddenValueDoesNotComeBackWhenTheFileIsReverted() throws {
        let path = temporaryDatabase()
        let store = try HJ212IntervalStore(path: path, logger: quietLogger)
        try store.save(Self.platform, configured: Self.unitFile, at: Self.setAt)
        #expect(store.resolve(configured: Intervals(realTimeSeconds: 60, minuteMinutes: 10), at: Self.setAt + 1000)
            == Intervals(realTimeSeconds: 60, minuteMinutes: 5))
        #expect(store.resolve(configured: Self.unitFile, at: Self.setAt + 2000) == Intervals(realTimeSeconds: 30, minuteMinutes: 5))
        #expect(try store.load()?.setAtMilliseconds == Self.setAt + 2000)
    }
}
