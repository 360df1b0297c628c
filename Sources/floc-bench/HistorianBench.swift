import ArgumentParser
import Foundation
import Historian
import SQLite

/// `floc-bench historian`: 24 h of 64 series at 1 s written through the historian with explicit
/// times, against the same values stored one row per value, in the same run: rows, bytes on disk
/// per day, write throughput, and query times (1 h raw of one series, 30 days of its rollups).
struct HistorianBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "historian",
        abstract: "Local historian: bytes per day, write rate and query times, against one row per value."
    )

    @Option(help: "Series written.")
    var series: Int = 64

    @Option(help: "Hours of history at 1 s.")
    var hours: Int = 24

    @Option(help: "Folder for the two database files (default: a temporary folder, removed at the end).")
    var folder: String?

    func validate() throws {
        guard (1...1000).contains(series), (2...240).contains(hours) else { throw ValidationError("--series 1...1000, --hours 2...240") }
    }

    /// 2026-11-01T00:00:00Z: the first sample.
    static let epoch: Int64 = 1_793_491_200_000

    func run() throws {
        let folder = self.folder ?? NSTemporaryDirectory() + "floc-bench-historian-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if self.folder == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let seconds = hours * 3600
        let names = (0..<series).map { "device\($0 / 8).point\($0 % 8)" }
        let values = SignalSource(series: series)
        print("historian: \(series) series x \(seconds) s at 1 s = \(series * seconds) values; SQLite WAL, synchronous=NORMAL")

        let historyPath = folder + "/history.db"
        var started = Date()
        do {
            let writer = try HistoryWriter(settings: HistorySettings(path: historyPath))
            for second in 0..<seconds {
                try writer.record(values.sample(second).enumerated().map { (names[$0.offset], $0.element.value, $0.element.quality) },
                                  at: Self.epoch + Int64(second) * 1000)
            }
            try writer.commit()
            try writer.maintain(force: true)
        }
        let historyWrite = Date().timeIntervalSince(started)
        let history = try SQLiteDatabase(path: historyPath, durability: .normal)
        try history.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let historyBytes = try Self.fileBytes(historyPath)
        let rawRows = try Self.count(history, "raw")
        let rollupRows = try Self.count(history, "rollup")
        try Self.addRollupDays(history, days: 29, series: series, before: Self.epoch)
        try history.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let rollupBytesPerDay = Double(try Self.fileBytes(historyPath) - historyBytes) / 29

        let baselinePath = folder + "/baseline.db"
        started = Date()
        let baseline = try SQLiteDatabase(path: baselinePath, durability: .normal)
        try baseline.execute("""
            CREATE TABLE sample (time_ms INTEGER NOT NULL, series INTEGER NOT NULL, value REAL, quality INTEGER NOT NULL,
                PRIMARY KEY (time_ms, series)) WITHOUT ROWID
            """)
        let insert = try baseline.prepare("INSERT INTO sample (time_ms, series, value, quality) VALUES (?, ?, ?, ?)")
        // Committed every 10 s of samples, as the historian commits its blocks.
        for block in stride(from: 0, to: seconds, by: 10) {
            try baseline.transaction {
                for second in block..<min(seconds, block + 10) {
                    let time = Self.epoch + Int64(second) * 1000
                    for (index, value) in values.sample(second).enumerated() {
                        try insert.run([.integer(time), .integer(Int64(index)), value.value.isNaN ? .null : .real(value.value),
                                        .integer(Int64(value.quality.rawValue))])
                    }
                }
            }
        }
        let baselineWrite = Date().timeIntervalSince(started)
        try baseline.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let baselineBytes = try Self.fileBytes(baselinePath)

        let reader = try HistoryReader(path: historyPath)
        let lastHour = Self.epoch + Int64(seconds - 3600) * 1000
        let end = Self.epoch + Int64(seconds) * 1000
        let (rawHour, rawTime) = try Self.timed { try reader.raw(names[5], from: lastHour, to: end).count }
        let (rollupMonth, rollupTime) = try Self.timed {
            try reader.rollups(names[5], from: end - 30 * HistorySettings.day, to: end).count
        }
        let query = try baseline.prepare("SELECT time_ms, value FROM sample WHERE time_ms >= ? AND time_ms < ? AND series = ?")
        let (baselineHour, baselineTime) = try Self.timed {
            try query.query([.integer(lastHour), .integer(end), .integer(5)]) { $0.int64(0) }.count
        }

        let perDay = 24.0 / Double(hours)
        let total = Double(series * seconds)
        print(String(format: "historian: %d raw rows + %d rollup rows, %.1f MB/day on disk, %.2f bytes/value, written at %.0f values/s",
                     rawRows, rollupRows, Double(historyBytes) * perDay / 1e6, Double(historyBytes) / total, total / historyWrite))
        print(String(format: "baseline (one row per value): %d rows, %.1f MB/day on disk, %.2f bytes/value, written at %.0f values/s",
                     series * seconds, Double(baselineBytes) * perDay / 1e6, Double(baselineBytes) / total, total / baselineWrite))
        print(String(format: "ratio: %.1fx smaller on disk, written %.1fx as fast", Double(baselineBytes) / Double(historyBytes),
                     baselineWrite / historyWrite))
        print(String(format: "rollups alone (60 s, %d series): %.1f MB/day", series, rollupBytesPerDay / 1e6))
        print(String(format: "query 1 h raw of one series: historian %.1f ms (%d values), baseline %.1f ms (%d values)",
                     rawTime * 1000, rawHour, baselineTime * 1000, baselineHour))
        print(String(format: "query 30 days of rollups of one series: %.1f ms (%d intervals)", rollupTime * 1000, rollupMonth))
    }

    static func timed<T>(_ body: () throws -> T) throws -> (T, Double) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    static func fileBytes(_ path: String) throws -> Int {
        try [path, path + "-wal"].reduce(0) { total, file in
            guard FileManager.default.fileExists(atPath: file) else { return total }
            return total + ((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    static func count(_ database: SQLiteDatabase, _ table: String) throws -> Int {
        Int(try database.prepare("SELECT count(*) FROM \(table)").query { $0.int64(0) }.first ?? 0)
    }

    /// Rollups for `days` days before `before` (60 s intervals), so the 30-day query reads a month.
    static func addRollupDays(_ database: SQLiteDatabase, days: Int, series: Int, before: Int64) throws {
        let insert = try database.prepare(
            "INSERT OR REPLACE INTO rollup (series, start_ms, span_ms, count, min, avg, max, worst) VALUES (?, ?, 60000, 60, ?, ?, ?, 0)")
        try database.transaction {
            for id in 1...Int64(series) {
                for minute in 0..<(days * 1440) {
                    let start = before - Int64(days * 1440 - minute) * 60_000
                    try insert.run([.integer(id), .integer(start), .real(1), .real(2), .real(3)])
                }
            }
        }
    }
}

/// Deterministic signals shaped like a unit's: Float32 instrument readings with noise and drift,
/// constant setpoints, an occasional bad sample.
struct SignalSource {
    let series: Int

    func sample(_ second: Int) -> [(value: Double, quality: HistoryQuality)] {
        (0..<series).map { index in
            if index % 8 == 7 { return (Double(2 + index % 3), .good) }
            var state = UInt64(bitPattern: Int64(second &* 6_364_136_223_846_793_005 &+ index &* 1_442_695_040_888_963_407))
            state ^= state >> 33
            let noise = Double(state % 1000) / 1000 - 0.5
            let value = Double(Float(5 + Double(index) + sin(Double(second) / 600 + Double(index)) + 0.02 * noise))
            return second % 3600 == index ? (.nan, .bad) : (value, .good)
        }
    }
}
