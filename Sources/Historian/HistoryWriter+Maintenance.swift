import SQLite

/// Rollups and retention: bounded passes on the writer's thread after a commit, driven by the
/// history's own time (the latest committed sample), so explicit times give explicit results.
extension HistoryWriter {
    /// One pass: rolls up a batch of complete intervals when a batch is due, then prunes raw blocks
    /// older than `rawRetention` that are rolled up, and rollups older than `rollupRetention`.
    /// `force`: roll up whatever complete intervals wait, however few (at stop, in tests).
    public func maintain(force: Bool = false) throws(HistoryError) {
        guard let now = latestCommitted else { return }
        try HistoryError.storing {
            let interval = settings.rollupInterval
            // Intervals ending at or before the latest committed sample are complete.
            let complete = now - now.modulo(interval)
            var watermark = try HistorySchema.meta(database, HistorySchema.watermarkKey)
            if watermark == nil, let first = try HistorySchema.scalar(database, "SELECT min(start_ms) FROM raw") {
                watermark = first - first.modulo(interval)
            }
            guard let from = watermark else { return }
            let pending = complete - from
            if pending >= interval, force || pending >= settings.rollupBatch {
                // Whole intervals, at least one, at most one batch: bounded work per pass.
                let batch = max(interval, settings.rollupBatch - settings.rollupBatch.modulo(interval))
                try rollUp(from: from, to: min(complete, from + batch))
            }
            // Pruning is cheap when nothing is due, but need not run at every commit.
            if force || lastPrune.map({ now - $0 >= min(settings.rollupBatch, 60_000) }) ?? true {
                lastPrune = now
                try prune(now: now)
            }
        }
    }

    /// Rollups of [from, to) for every series, and the watermark moved to `to`, in one transaction.
    func rollUp(from: Int64, to: Int64) throws {
        let interval = settings.rollupInterval
        let blocks = try database.prepare(
            "SELECT series, data FROM raw WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms")
            .query([.integer(from - settings.blockSpan), .integer(to)]) { ($0.int64(0), $0.blob(1)) }
        var sums: [Int64: [Int64: RollupAccumulator]] = [:]
        for (series, data) in blocks {
            for sample in try HistoryBlockCodec.decode(data) where sample.time >= from && sample.time < to {
                sums[series, default: [:]][sample.time - sample.time.modulo(interval), default: RollupAccumulator()].add(sample)
            }
        }
        try database.transaction {
            let insert = try database.prepare(
                "INSERT OR REPLACE INTO rollup (series, start_ms, span_ms, count, min, avg, max, worst) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for (series, intervals) in sums {
                for (start, sum) in intervals {
                    let rollup = sum.rollup(start: start, span: interval)
                    func real(_ value: Double) -> SQLiteStatement.Value { value.isFinite ? .real(value) : .null }
                    try insert.run([.integer(series), .integer(start), .integer(interval), .integer(Int64(rollup.count)),
                                    real(rollup.min), real(rollup.average), real(rollup.max),
                                    .integer(Int64(rollup.worst.rawValue))])
                }
            }
            try HistorySchema.setMeta(database, HistorySchema.watermarkKey, to)
        }
    }

    /// Deletes at most `pruneLimit` expired rows from each table.
    func prune(now: Int64) throws {
        // A raw block goes only once it is past retention and entirely rolled up (none before a rollup).
        let watermark = try HistorySchema.meta(database, HistorySchema.watermarkKey)
        let rawCutoff = watermark.map { min(now - settings.rawRetention, $0) - settings.blockSpan } ?? .min
        let rollupCutoff = now - settings.rollupRetention
        try database.transaction {
            try database.prepare("""
                DELETE FROM raw WHERE (start_ms, series) IN
                    (SELECT start_ms, series FROM raw WHERE start_ms < ? ORDER BY start_ms LIMIT ?)
                """).run([.integer(rawCutoff), .integer(Int64(settings.pruneLimit))])
            let perSeries = max(1, settings.pruneLimit / max(1, seriesIDs.count))
            let delete = try database.prepare("""
                DELETE FROM rollup WHERE (series, start_ms) IN
                    (SELECT series, start_ms FROM rollup WHERE series = ? AND start_ms < ? ORDER BY start_ms LIMIT ?)
                """)
            for id in seriesIDs.values {
                try delete.run([.integer(id), .integer(rollupCutoff), .integer(Int64(perSeries))])
            }
        }
    }
}
