import Foundation
import Logging
import SQLite

/// The durable queue between the sampler and the uplinks (SQLite, WAL, `synchronous=FULL`).
///
/// `append` returns only after its transaction has committed, so a record reported as stored
/// survives kill -9 and a power cut. Each uplink reads `pending` in sequence order and moves its
/// cursor with `markDelivered`. The bound and the high-water alarm apply to each uplink's own
/// records: one uplink's backlog never drops another's. Thread-safe; every method throws
/// ``SQLiteError`` on disk failure.
public final class StoreAndForwardQueue: @unchecked Sendable {
    // @unchecked: every access to `database` and the statements happens under `lock`.
    private let lock = NSLock()
    private let database: SQLiteDatabase
    private let bound: StoreAndForwardBound
    private let logger: Logger
    private let onAlarm: @Sendable (StoreAndForwardAlarm) -> Void
    // Uplinks whose high-water alarm is raised.
    private var alarms: Set<String> = []

    private let insert: SQLiteStatement
    private let selectPending: SQLiteStatement
    private let countAll: SQLiteStatement
    private let countUplink: SQLiteStatement
    private let oldestTime: SQLiteStatement
    private let oldest: SQLiteStatement
    private let deleteOldest: SQLiteStatement
    private let deleteOlderThan: SQLiteStatement
    private let deleteDelivered: SQLiteStatement
    private let bumpCounter: SQLiteStatement
    private let selectCounters: SQLiteStatement
    private let selectRange: SQLiteStatement
    private let deleteOne: SQLiteStatement
    private let maxSequence: SQLiteStatement

    /// Opens or creates the queue at `path`. `onAlarm` is called (under the queue's lock: keep it
    /// short) when the high-water alarm rises or clears.
    public init(path: String, bound: StoreAndForwardBound, logger: Logger,
                onAlarm: @escaping @Sendable (StoreAndForwardAlarm) -> Void = { _ in }) throws {
        database = try SQLiteDatabase(path: path)
        try Self.migrate(database)
        self.bound = bound
        self.logger = logger
        self.onAlarm = onAlarm
        insert = try database.prepare("INSERT INTO records(uplink, timestamp_ms, payload) VALUES(?, ?, ?)")
        selectPending = try database.prepare(
            "SELECT sequence, timestamp_ms, payload FROM records WHERE uplink = ? ORDER BY sequence LIMIT ?")
        countAll = try database.prepare("SELECT coalesce(sum(records), 0) FROM backlog")
        countUplink = try database.prepare("SELECT records FROM backlog WHERE uplink = ?")
        oldestTime = try database.prepare(
            "SELECT timestamp_ms FROM records WHERE uplink = ? ORDER BY timestamp_ms LIMIT 1")
        oldest = try database.prepare("SELECT sequence FROM records WHERE uplink = ? ORDER BY sequence LIMIT 1")
        deleteOldest = try database.prepare("DELETE FROM records WHERE sequence = ?")
        deleteOlderThan = try database.prepare("DELETE FROM records WHERE uplink = ? AND timestamp_ms < ?")
        deleteDelivered = try database.prepare(
            "DELETE FROM records WHERE uplink = ? AND sequence <= ? RETURNING sequence")
        bumpCounter = try database.prepare("""
            INSERT INTO counters(uplink, name, value) VALUES(?, ?, ?)
            ON CONFLICT(uplink, name) DO UPDATE SET value = value + excluded.value
            """)
        selectCounters = try database.prepare("SELECT name, value FROM counters WHERE uplink = ?")
        selectRange = try database.prepare("""
            SELECT sequence, timestamp_ms, payload FROM records
            WHERE uplink = ? AND sequence > ? AND sequence <= ? ORDER BY sequence LIMIT ?
            """)
        deleteOne = try database.prepare("DELETE FROM records WHERE uplink = ? AND sequence = ?")
        maxSequence = try database.prepare("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'records'")
    }

    /// Stores one record for `uplink` and commits it before returning. At the bound (`uplink`'s
    /// own records), `dropOldest` deletes its oldest undelivered record; `refuseNew` returns `.refused`.
    @discardableResult
    public func append(uplink: String, timestampMilliseconds: Int64, payload: [UInt8]) throws -> AppendOutcome {
        lock.lock()
        defer { lock.unlock() }
        let outcome: AppendOutcome = try database.transaction {
            try dropExpired(uplink, now: timestampMilliseconds)
            var dropped = 0
            if try count(of: uplink) >= bound.maxRecords {
                if bound.policy == .refuseNew {
                    try bump(uplink, "dropped", 1)
                    return .refused
                }
                while try count(of: uplink) >= bound.maxRecords, try dropOldestRecord(uplink) { dropped += 1 }
            }
            try insert.run([.text(uplink), .integer(timestampMilliseconds), .blob(payload)])
            let sequence = database.lastInsertRowID
            try bump(uplink, "stored", 1)
            return .stored(sequence: sequence, droppedOldest: dropped)
        }
        if case .refused = outcome {
            logger.warning("store-and-forward full, record refused", metadata: ["uplink": "\(uplink)"])
        }
        try updateAlarm(uplink, now: timestampMilliseconds)
        return outcome
    }

    /// Up to `limit` undelivered records of `uplink`, oldest first.
    public func pending(uplink: String, limit: Int) throws -> [StoredRecord] {
        lock.lock()
        defer { lock.unlock() }
        return try selectPending.query([.text(uplink), .integer(Int64(limit))]) { row in
            StoredRecord(sequence: row.int64(0), uplink: uplink, timestampMilliseconds: row.int64(1),
                         payload: row.blob(2))
        }
    }

    /// Up to `limit` undelivered records of `uplink` with `after < sequence <= through`, oldest first.
    public func pending(uplink: String, after: Int64, through: Int64 = .max, limit: Int) throws -> [StoredRecord] {
        lock.lock()
        defer { lock.unlock() }
        return try selectRange.query([.text(uplink), .integer(after), .integer(through), .integer(Int64(limit))]) { row in
            StoredRecord(sequence: row.int64(0), uplink: uplink, timestampMilliseconds: row.int64(1),
                         payload: row.blob(2))
        }
    }

    /// The highest sequence ever assigned (0 for a new queue); later appends get higher ones.
    public func lastSequence() throws -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        return try maxSequence.query([]) { $0.int64(0) }.first ?? 0
    }

    /// Marks these records of `uplink` as delivered (and frees them), in one transaction; for an
    /// uplink that delivers out of sequence order (live data ahead of a replayed backlog).
    public func markDelivered(uplink: String, sequences: [Int64]) throws {
        guard !sequences.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        try database.transaction {
            var removed: Int64 = 0
            for sequence in sequences {
                try deleteOne.run([.text(uplink), .integer(sequence)])
                removed += Int64(database.changes)
            }
            if removed > 0 { try bump(uplink, "delivered", removed) }
        }
        if alarms.contains(uplink) { try updateAlarm(uplink, now: nil) }
    }

    /// Stores several records of `uplink` in one transaction (one fsync): for bulk loads such as
    /// benchmarks and imports. Same bound and policy as `append`; returns each outcome.
    @discardableResult
    public func append(uplink: String, records: [(timestampMilliseconds: Int64, payload: [UInt8])]) throws -> [AppendOutcome] {
        lock.lock()
        defer { lock.unlock() }
        let outcomes: [AppendOutcome] = try database.transaction {
            var outcomes: [AppendOutcome] = []
            var count = try count(of: uplink)
            for record in records {
                var dropped = 0
                if count >= bound.maxRecords {
                    if bound.policy == .refuseNew {
                        try bump(uplink, "dropped", 1)
                        outcomes.append(.refused)
                        continue
                    }
                    while count >= bound.maxRecords, try dropOldestRecord(uplink) {
                        dropped += 1
                        count -= 1
                    }
                }
                try insert.run([.text(uplink), .integer(record.timestampMilliseconds), .blob(record.payload)])
                count += 1
                outcomes.append(.stored(sequence: database.lastInsertRowID, droppedOldest: dropped))
            }
            try bump(uplink, "stored", Int64(outcomes.filter { $0 != .refused }.count))
            return outcomes
        }
        try updateAlarm(uplink, now: records.last?.timestampMilliseconds)
        return outcomes
    }

    /// Marks every record of `uplink` up to and including `sequence` as delivered (and frees it).
    public func markDelivered(uplink: String, upTo sequence: Int64) throws {
        lock.lock()
        defer { lock.unlock() }
        try database.transaction {
            let removed = try deleteDelivered.query([.text(uplink), .integer(sequence)]) { $0.int64(0) }
            if !removed.isEmpty { try bump(uplink, "delivered", Int64(removed.count)) }
        }
        if alarms.contains(uplink) { try updateAlarm(uplink, now: nil) }
    }

    /// Lifetime counters of `uplink` (they survive reopening).
    public func counters(uplink: String) throws -> StoreAndForwardCounters {
        lock.lock()
        defer { lock.unlock() }
        var counters = StoreAndForwardCounters()
        for (name, value) in try selectCounters.query([.text(uplink)], { ($0.text(0), $0.int64(1)) }) {
            switch name {
            case "stored": counters.stored = value
            case "delivered": counters.delivered = value
            case "dropped": counters.dropped = value
            default: break
            }
        }
        return counters
    }

    /// Undelivered records of all uplinks.
    public func count() throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        return Int(try countAll.query([]) { $0.int64(0) }.first ?? 0)
    }

    /// Undelivered records of `uplink`.
    public func count(uplink: String) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        return try count(of: uplink)
    }

    /// Whether the high-water alarm of any uplink appending through this queue is raised.
    public var alarmRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !alarms.isEmpty
    }

    /// Whether `uplink`'s high-water alarm is raised.
    public func alarmRaised(uplink: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return alarms.contains(uplink)
    }

    // MARK: - Under the lock

    private func count(of uplink: String) throws -> Int {
        Int(try countUplink.query([.text(uplink)]) { $0.int64(0) }.first ?? 0)
    }

    private func oldestMilliseconds(of uplink: String) throws -> Int64? {
        try oldestTime.query([.text(uplink)]) { $0.int64(0) }.first
    }

    private func bump(_ uplink: String, _ name: String, _ amount: Int64) throws {
        try bumpCounter.run([.text(uplink), .text(name), .integer(amount)])
    }

    private func dropOldestRecord(_ uplink: String) throws -> Bool {
        guard let sequence = try oldest.query([.text(uplink)], { $0.int64(0) }).first else { return false }
        try deleteOldest.run([.integer(sequence)])
        try bump(uplink, "dropped", 1)
        logger.warning("store-and-forward full, oldest record dropped",
                       metadata: ["uplink": "\(uplink)", "sequence": "\(sequence)"])
        return true
    }

    private func dropExpired(_ uplink: String, now: Int64) throws {
        guard let maxAge = bound.maxAgeMilliseconds else { return }
        try deleteOlderThan.run([.text(uplink), .integer(now - maxAge)])
        let count = database.changes
        guard count > 0 else { return }
        try bump(uplink, "dropped", Int64(count))
        logger.warning("store-and-forward records expired", metadata: ["uplink": "\(uplink)", "count": "\(count)"])
    }

    /// Raises `uplink`'s alarm at the high-water mark of its count or age (both strictly below the
    /// drop point); clears it when both are below.
    private func updateAlarm(_ uplink: String, now: Int64?) throws {
        let count = try count(of: uplink)
        let oldestMilliseconds = try oldestMilliseconds(of: uplink)
        let age = oldestMilliseconds.map { max(0, (now ?? $0) - $0) } ?? 0
        var high = count >= bound.highWaterRecords
        if let maxAge = bound.maxAgeMilliseconds, now != nil {
            high = high || Double(age) >= Double(maxAge) * bound.highWater
        }
        guard high != alarms.contains(uplink) else { return }
        if high { alarms.insert(uplink) } else { alarms.remove(uplink) }
        let alarm = StoreAndForwardAlarm(uplink: uplink, active: high, records: count, oldestAgeMilliseconds: age)
        if high {
            logger.warning("store-and-forward high water",
                           metadata: ["uplink": "\(uplink)", "records": "\(count)", "age_ms": "\(age)"])
        }
        onAlarm(alarm)
    }
}
