import Foundation
import SQLite

/// Reads the history database, also while `floc run` writes it (WAL: a reader sees the last
/// commit and never blocks the writer). Never creates the file.
public final class HistoryReader {
    let database: SQLiteDatabase
    public let path: String

    /// Throws ``HistoryError/noDatabase(path:)`` when there is no file, ``HistoryError/storage(_:)``
    /// when it cannot be read.
    public init(path: String) throws(HistoryError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .noDatabase(path: path) }
        self.path = path
        database = try HistoryError.storing { try SQLiteDatabase(path: path, readOnly: true) }
    }

    /// Every recorded series, by name.
    public func seriesNames() throws(HistoryError) -> [String] {
        try HistoryError.storing { try HistorySchema.series(database).keys.sorted() }
    }

    /// The latest recorded time (ms UTC), nil for an empty history.
    public func latestTime() throws(HistoryError) -> Int64? {
        try HistoryError.storing {
            try HistorySchema.scalar(database, "SELECT max(end_ms) FROM raw")
        }
    }

    private func id(_ series: String) throws(HistoryError) -> Int64 {
        let ids = try HistoryError.storing {
            try database.prepare("SELECT id FROM series WHERE name = ?").query([.text(series)]) { $0.int64(0) }
        }
        guard let id = ids.first else { throw .unknownSeries(series) }
        return id
    }

    private func meta(_ key: String) throws(HistoryError) -> Int64? {
        try HistoryError.storing { try HistorySchema.meta(database, key) }
    }

    /// Raw samples of `series` with `from <= time < to` (ms UTC), in time order.
    public func raw(_ series: String, from: Int64, to: Int64) throws(HistoryError) -> [HistorySample] {
        let id = try id(series)
        let span = try meta(HistorySchema.blockKey) ?? HistorySettings(path: "").blockSpan
        return try samples(id: id, from: from, to: to, blockSpan: span)
    }

    private func samples(id: Int64, from: Int64, to: Int64, blockSpan: Int64) throws(HistoryError) -> [HistorySample] {
        let blocks = try HistoryError.storing {
            try database.prepare("SELECT data FROM raw WHERE start_ms >= ? AND start_ms < ? AND series = ? ORDER BY start_ms")
                .query([.integer(from - blockSpan), .integer(to), .integer(id)]) { $0.blob(0) }
        }
        var samples: [HistorySample] = []
        for block in blocks {
            samples += try HistoryBlockCodec.decode(block).filter { $0.time >= from && $0.time < to }
        }
        return samples
    }

    /// Rollups of `series` whose interval starts in [from, to), in time order: the stored ones,
    /// and for the recent part not rolled up yet, computed from raw blocks the same way.
    public func rollups(_ series: String, from: Int64, to: Int64) throws(HistoryError) -> [HistoryRollup] {
        let id = try id(series)
        let interval = try meta(HistorySchema.rollupKey) ?? 60_000
        let watermark = try meta(HistorySchema.watermarkKey) ?? .min
        var rollups = try HistoryError.storing {
            try database.prepare("""
                SELECT start_ms, span_ms, count, min, avg, max, worst FROM rollup
                WHERE series = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms
                """).query([.integer(id), .integer(from), .integer(min(to, watermark))]) { HistorySchema.rollup($0, from: 0) }
        }
        let recent = max(from, watermark)
        guard recent < to else { return rollups }
        let first = recent - recent.modulo(interval)
        let blockSpan = try meta(HistorySchema.blockKey) ?? HistorySettings(path: "").blockSpan
        var sums: [Int64: RollupAccumulator] = [:]
        for sample in try samples(id: id, from: first, to: to, blockSpan: blockSpan) {
            sums[sample.time - sample.time.modulo(interval), default: RollupAccumulator()].add(sample)
        }
        rollups += sums.keys.sorted().filter { $0 >= from }.map { sums[$0]!.rollup(start: $0, span: interval) }
        return rollups
    }
}
