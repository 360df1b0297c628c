import Foundation
import Logging
import SQLite

/// The reporting intervals the platform set (CN 1062/1064), on disk so that they outlive a restart:
/// a platform expects what it set to stay set. Kept in the store-and-forward queue's database file
/// next to ``HJ212PeriodStore``'s tables (its own table and connection), with the unit file's
/// intervals in force when they were set: an operator who edits the unit file afterwards overrides
/// the platform. Thread-safe; methods throw ``SQLiteError`` on disk failure.
public final class HJ212IntervalStore: @unchecked Sendable {
    // @unchecked: every access to `database` and the statements happens under `lock`.
    private let lock = NSLock()
    private let database: SQLiteDatabase
    private let logger: Logger
    private let upsert: SQLiteStatement
    private let select: SQLiteStatement

    /// What was saved: the intervals in force and the unit file's when they were set.
    public struct Saved: Sendable, Equatable {
        public var intervals: HJ212Intervals
        public var configured: HJ212Intervals
        /// When they were set, ms UTC.
        public var setAtMilliseconds: Int64
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS hj212_intervals(
            id INTEGER PRIMARY KEY CHECK (id = 1),
            realtime_s INTEGER NOT NULL, minute_min INTEGER NOT NULL,
            configured_realtime_s INTEGER NOT NULL, configured_minute_min INTEGER NOT NULL,
            set_ms INTEGER NOT NULL);
        """

    /// Opens (creating the table if needed) the database file at `path`.
    public init(path: String, logger: Logger) throws {
        database = try SQLiteDatabase(path: path)
        try database.execute(Self.schema)
        self.logger = logger
        upsert = try database.prepare("""
            INSERT INTO hj212_intervals VALUES(1, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET realtime_s = excluded.realtime_s, minute_min = excluded.minute_min,
                configured_realtime_s = excluded.configured_realtime_s,
                configured_minute_min = excluded.configured_minute_min, set_ms = excluded.set_ms
            """)
        select = try database.prepare("SELECT * FROM hj212_intervals WHERE id = 1")
    }

    /// Saves the intervals now in force, set under the unit file's `configured` ones, at `time` (ms UTC).
    /// Synchronous (`synchronous=FULL`): once it returns, a power cut keeps them.
    public func save(_ intervals: HJ212Intervals, configured: HJ212Intervals, at time: Int64) throws {
        lock.lock()
        defer { lock.unlock() }
        try upsert.run([.integer(Int64(intervals.realTimeSeconds)), .integer(Int64(intervals.minuteMinutes)),
                        .integer(Int64(configured.realTimeSeconds)), .integer(Int64(configured.minuteMinutes)),
                        .integer(time)])
    }

    /// The saved intervals; nil when none were saved.
    public func load() throws -> Saved? {
        lock.lock()
        defer { lock.unlock() }
        return try select.query { row in
            Saved(intervals: HJ212Intervals(realTimeSeconds: Int(row.int64(1)), minuteMinutes: Int(row.int64(2))),
                  configured: HJ212Intervals(realTimeSeconds: Int(row.int64(3)), minuteMinutes: Int(row.int64(4))),
                  setAtMilliseconds: row.int64(5))
        }.first
    }

    /// The intervals to start with under the unit file's `configured` ones, each on its own: the saved
    /// one when the unit file's value is still the one it was set under, else the unit file's (the
    /// operator edited it since: the file wins, and the log says so). A value the platform changed is
    /// logged as kept. Unreadable or unusable rows are logged and give `configured`.
    public func resolve(configured: HJ212Intervals, at time: Int64) -> HJ212Intervals {
        let saved: Saved?
        do {
            saved = try load()
        } catch {
            logger.error("hj212: intervals set by the platform not read; the unit file's apply: \(error)")
            return configured
        }
        guard let saved else { return configured }
        let setAt = HJ212Time.dataTime(saved.setAtMilliseconds)
        let resolved = HJ212Intervals(
            realTimeSeconds: resolveOne("realtime_interval_s", unit: "s", saved: saved.intervals.realTimeSeconds,
                                        setUnder: saved.configured.realTimeSeconds, configured: configured.realTimeSeconds,
                                        valid: HJ212Intervals.realTimeRange.contains, setAt: setAt),
            minuteMinutes: resolveOne("minute_interval_min", unit: "min", saved: saved.intervals.minuteMinutes,
                                      setUnder: saved.configured.minuteMinutes, configured: configured.minuteMinutes,
                                      valid: HJ212Intervals.minuteChoices.contains, setAt: setAt))
        if resolved != configured {
            logger.notice("hj212: intervals set by the platform kept across the restart",
                          metadata: ["realtime_s": "\(resolved.realTimeSeconds)", "minute_min": "\(resolved.minuteMinutes)",
                                     "set": "\(setAt) CST"])
        }
        do {
            // What now applies, under the file now in force: an overridden platform value never comes back.
            try save(resolved, configured: configured, at: resolved == saved.intervals ? saved.setAtMilliseconds : time)
        } catch {
            logger.error("hj212: intervals not saved: \(error)")
        }
        return resolved
    }

    /// One interval of ``resolve(configured:at:)``: `saved` (set under the unit file's `setUnder`)
    /// while the file still says `setUnder` and `saved` is `valid`, else `configured`, with a notice
    /// when that overrides a value the platform had changed.
    private func resolveOne(_ key: String, unit: String, saved: Int, setUnder: Int, configured: Int,
                            valid: (Int) -> Bool, setAt: String) -> Int {
        if setUnder == configured { return valid(saved) ? saved : configured }
        if saved != setUnder {
            logger.notice("""
                hj212: \(key) changed in the unit file (\(setUnder) -> \(configured) \(unit)) since the platform set \
                \(saved) \(unit) (\(setAt) CST); the unit file's \(configured) \(unit) applies
                """)
        }
        return configured
    }
}
