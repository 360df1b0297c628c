/// How the historian keeps history: where, at what resolution, and for how long.
public struct HistorySettings: Sendable, Equatable {
    /// The SQLite file (WAL); its folder must exist and be writable.
    public var path: String
    /// Raw samples are kept this long, in ms, then only their rollups.
    public var rawRetention: Int64
    /// Rollup interval, ms.
    public var rollupInterval: Int64
    /// Rollups are kept this long, in ms.
    public var rollupRetention: Int64
    /// Raw blocks cover aligned windows this long, in ms; the writer commits when a window closes,
    /// so this is also what a power cut may lose.
    public var blockSpan: Int64 = 10_000
    /// Rollups are computed once this much raw history awaits them, in ms (batched writes), and
    /// at most `rollupBatch` more per maintenance pass.
    public var rollupBatch: Int64 = 3_600_000
    /// Rows deleted per table per maintenance pass at most (bounded work on the writer's thread).
    public var pruneLimit = 5_000
    /// Samples buffered per series at most while commits fail (the oldest are dropped beyond).
    public var bufferLimit = 3_600

    public static let day: Int64 = 86_400_000

    /// Defaults of `[historian]`: 30 days raw, 60 s rollups kept 365 days.
    public init(path: String, rawDays: Double = 30, rollupIntervalSeconds: Double = 60, rollupDays: Double = 365) {
        self.path = path
        rawRetention = Int64(rawDays * Double(Self.day))
        rollupInterval = Int64(rollupIntervalSeconds * 1000)
        rollupRetention = Int64(rollupDays * Double(Self.day))
    }
}
