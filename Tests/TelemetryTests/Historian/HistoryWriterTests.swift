import Foundation
import Historian
import Testing

/// Writer and reader on real SQLite files with explicit times.
@Suite struct HistoryWriterTests {
    static let epoch = HistoryFixture.epoch

    @Test func samplesReadBackAcrossABlockBoundary() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let writer = try HistoryWriter(settings: fixture.settings())
        var committed = 0
        for second in 0..<25 {
            let time = Self.epoch + Int64(second) * 1000
            let quality: HistoryQuality = second == 12 ? .bad : .good
            if try writer.record([("do1.oxygen", Double(second) / 10, quality), ("aeration1.pv", .nan, .bad)], at: time) {
                committed += 1
            }
        }
        #expect(committed == 2, "windows [0, 10) and [10, 20) s committed as the next opened")
        #expect(writer.buffered == 10, "the open window [20, 25) s is still buffered")
        let reader = try HistoryReader(path: fixture.path)
        #expect(try reader.seriesNames() == ["aeration1.pv", "do1.oxygen"])
        let before = try reader.raw("do1.oxygen", from: Self.epoch, to: Self.epoch + 60_000)
        #expect(before.count == 20)
        try writer.commit()
        let all = try reader.raw("do1.oxygen", from: Self.epoch + 5_000, to: Self.epoch + 15_000)
        #expect(all.map(\.time) == (5..<15).map { Self.epoch + Int64($0) * 1000 }, "a range cutting both blocks")
        #expect(all.first?.value == 0.5 && all.first { $0.time == Self.epoch + 12_000 }?.quality == .bad)
        #expect(try reader.raw("aeration1.pv", from: Self.epoch, to: Self.epoch + 60_000).allSatisfy { $0.value.isNaN })
        #expect(try reader.latestTime() == Self.epoch + 24_000)
        #expect(throws: HistoryError.self) { try reader.raw("nope", from: 0, to: 1) }
    }

    @Test func rollupsAndRetentionOverThirtyOneDays() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        var settings = fixture.settings(rawDays: 2, rollupSeconds: 3600, rollupDays: 30)
        settings.blockSpan = 3_600_000
        settings.rollupBatch = 6 * 3_600_000
        let writer = try HistoryWriter(settings: settings)
        // One sample a minute for 31 days: minute m reads m % 60, so each hour is 0...59 (avg 29.5).
        let minutes = 31 * 24 * 60
        for minute in 0..<minutes {
            let quality: HistoryQuality = minute == 30 * 24 * 60 + 7 ? .uncertain : .good
            try writer.record([("level1.level", Double(minute % 60), quality)], at: Self.epoch + Int64(minute) * 60_000)
        }
        try writer.commit()
        for _ in 0..<200 { try writer.maintain(force: true) }
        let reader = try HistoryReader(path: fixture.path)
        let end = Self.epoch + Int64(minutes) * 60_000
        let raw = try reader.raw("level1.level", from: Self.epoch, to: end)
        #expect(raw.first?.time ?? 0 >= end - 2 * HistorySettings.day - 3_600_000, "raw kept about raw_days")
        #expect(raw.first?.time ?? .max <= end - 2 * HistorySettings.day, "and not less")
        let rollups = try reader.rollups("level1.level", from: Self.epoch, to: end)
        #expect(rollups.count == 30 * 24, "rollups kept rollup_days: \(rollups.count)")
        #expect(rollups.first?.start == end - 30 * HistorySettings.day)
        #expect(rollups.allSatisfy { $0.count == 60 && $0.min == 0 && $0.max == 59 && $0.average == 29.5 && $0.span == 3_600_000 })
        #expect(rollups.filter { $0.worst == .uncertain }.map(\.start) == [Self.epoch + 30 * HistorySettings.day])
    }

    @Test func rollupsOfTheRecentPartAreComputedFromRaw() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let writer = try HistoryWriter(settings: fixture.settings(rollupSeconds: 60))
        for second in 0..<150 {
            try writer.record([("ph1.ph", second < 60 ? 7 : 8, .good)], at: Self.epoch + Int64(second) * 1000)
        }
        try writer.commit()
        // Less than a batch (1 h) waits: nothing stored yet, the reader computes the same figures.
        let reader = try HistoryReader(path: fixture.path)
        let computed = try reader.rollups("ph1.ph", from: Self.epoch, to: Self.epoch + 150_000)
        #expect(computed.map(\.average) == [7, 8, 8] && computed.map(\.count) == [60, 60, 30])
        try writer.maintain(force: true)
        #expect(try reader.rollups("ph1.ph", from: Self.epoch, to: Self.epoch + 150_000) == computed)
    }

    @Test func reopeningContinuesTheSameHistory() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        do {
            let writer = try HistoryWriter(settings: fixture.settings())
            for second in 0..<10 { try writer.record([("a", 1, .good)], at: Self.epoch + Int64(second) * 1000) }
            try writer.commit()
        }
        let writer = try HistoryWriter(settings: fixture.settings())
        #expect(writer.latestCommitted == Self.epoch + 9000)
        for second in 10..<20 { try writer.record([("a", 2, .good), ("b", 3, .good)], at: Self.epoch + Int64(second) * 1000) }
        try writer.commit()
        let reader = try HistoryReader(path: fixture.path)
        #expect(try reader.raw("a", from: Self.epoch, to: Self.epoch + 20_000).count == 20)
        #expect(try reader.raw("b", from: Self.epoch, to: Self.epoch + 20_000).count == 10)
    }

    @Test func aReaderNeverCreatesADatabase() {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        #expect(throws: HistoryError.self) { try HistoryReader(path: fixture.path) }
        #expect(!FileManager.default.fileExists(atPath: fixture.path))
    }
}
