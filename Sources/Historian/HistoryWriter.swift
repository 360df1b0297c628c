import Foundation
import SQLite

/// Records samples of named series into the history database: buffered in memory, committed one
/// raw block per series when a block window closes, then rolled up and pruned in bounded passes.
///
/// Not thread-safe: one thread (the historian's) records and commits. Times are explicit (ms UTC),
/// so tests and the benchmark feed days of history in seconds. Errors leave the buffer in place
/// for the next commit; only `bufferLimit` bounds what a long failure loses.
public final class HistoryWriter {
    public let settings: HistorySettings
    let database: SQLiteDatabase
    var seriesIDs: [String: Int64]
    /// Buffered samples by series name, in time order.
    var buffer: [String: [HistorySample]] = [:]
    /// The block window the buffer belongs to (start, ms).
    var window: Int64?
    /// The latest time committed: "now" for retention and rollups.
    public private(set) var latestCommitted: Int64?
    /// Samples dropped because the buffer was full while commits failed.
    public private(set) var dropped = 0
    /// When the last pruning pass ran (ms of history time).
    var lastPrune: Int64?

    /// Opens or creates the database (WAL, `synchronous=NORMAL`: a power cut may lose the last
    /// uncommitted seconds, never corrupt the file). Throws ``HistoryError/storage(_:)``.
    public init(settings: HistorySettings) throws(HistoryError) {
        self.settings = settings
        (database, seriesIDs, latestCommitted) = try HistoryError.storing {
            let database = try SQLiteDatabase(path: settings.path, durability: .normal)
            try database.execute(HistorySchema.create)
            try database.transaction {
                try HistorySchema.setMeta(database, HistorySchema.blockKey, settings.blockSpan)
                try HistorySchema.setMeta(database, HistorySchema.rollupKey, settings.rollupInterval)
            }
            let latest = try HistorySchema.scalar(database, "SELECT max(end_ms) FROM raw")
            return (database, try HistorySchema.series(database), latest)
        }
    }

    /// Buffers one sample per series at `time` (ms UTC) and commits the previous block window
    /// when `time` opens a new one. Returns true when it committed; throws when that commit failed
    /// (the samples, this one included, stay buffered).
    @discardableResult
    public func record(_ values: [(name: String, value: Double, quality: HistoryQuality)], at time: Int64) throws(HistoryError) -> Bool {
        let opened = time - time.modulo(settings.blockSpan)
        var committed = false
        var failure: HistoryError?
        if let window, window != opened, !buffer.isEmpty {
            do {
                try commit()
                committed = true
            } catch {
                // Kept in the buffer; tried again when the next window opens, not at every sample.
                failure = error
                self.window = opened
            }
        }
        if buffer.isEmpty { window = opened }
        for entry in values {
            var samples = buffer[entry.name, default: []]
            if samples.count >= settings.bufferLimit {
                samples.removeFirst(samples.count - settings.bufferLimit + 1)
                dropped += 1
            }
            samples.append(HistorySample(time: time, value: entry.value, quality: entry.quality))
            buffer[entry.name] = samples
        }
        if let failure { throw failure }
        return committed
    }

    /// Samples waiting for a commit, all series together.
    public var buffered: Int { buffer.values.reduce(0) { $0 + $1.count } }

    /// Commits every buffered sample (one block per series and window) in one transaction, then
    /// runs one bounded rollup and pruning pass. On error the buffer is kept for the next try.
    public func commit() throws(HistoryError) {
        guard !buffer.isEmpty else { return }
        let latest: Int64
        do {
            latest = try commitBuffer()
        } catch {
            // Series inserted by the rolled-back transaction are not in the file.
            seriesIDs = (try? HistorySchema.series(database)) ?? [:]
            throw error
        }
        buffer.removeAll(keepingCapacity: true)
        window = nil
        latestCommitted = latest
        try maintain()
    }

    private func commitBuffer() throws(HistoryError) -> Int64 {
        try HistoryError.storing {
            try database.transaction {
                let insert = try database.prepare(
                    "INSERT OR REPLACE INTO raw (start_ms, series, end_ms, count, data) VALUES (?, ?, ?, ?, ?)")
                var latest = latestCommitted ?? .min
                for (name, samples) in buffer.sorted(by: { $0.key < $1.key }) {
                    let id = try seriesID(name)
                    // After a failed commit the buffer may span several windows: one block each.
                    var start = 0
                    while start < samples.count {
                        let window = samples[start].time - samples[start].time.modulo(settings.blockSpan)
                        var end = start + 1
                        while end < samples.count, samples[end].time >= window, samples[end].time < window + settings.blockSpan {
                            end += 1
                        }
                        let block = Array(samples[start..<end])
                        try insert.run([.integer(block[0].time), .integer(id), .integer(block[block.count - 1].time),
                                        .integer(Int64(block.count)), .blob(HistoryBlockCodec.encode(block))])
                        latest = max(latest, block[block.count - 1].time)
                        start = end
                    }
                }
                return latest
            }
        }
    }

    private func seriesID(_ name: String) throws -> Int64 {
        if let id = seriesIDs[name] { return id }
        try database.prepare("INSERT INTO series (name) VALUES (?)").run([.text(name)])
        let id = database.lastInsertRowID
        seriesIDs[name] = id
        return id
    }
}

extension Int64 {
    /// The non-negative remainder (times before 1970 still fall in the right window).
    func modulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
