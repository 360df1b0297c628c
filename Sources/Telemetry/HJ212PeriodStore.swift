import Foundation
import Logging
import SQLite

/// The open minute, hour and day statistics of the HJ 212 uplink on disk, so that a restart in
/// mid-period loses only the samples since the last save. It lives in the store-and-forward
/// queue's database file (its own tables, its own connection): the statistics and the uploads
/// they become share one file, one backup and one lifetime. One row per period and factor,
/// replaced in one transaction per save (`synchronous=FULL`: a save that returned survives a
/// power cut). Thread-safe; every method throws ``SQLiteError`` on disk failure.
public final class HJ212PeriodStore: @unchecked Sendable {
    // @unchecked: every access to `database` and the statements happens under `lock`.
    private let lock = NSLock()
    private let database: SQLiteDatabase
    private let logger: Logger
    /// What the periods are accumulated for (each factor's code, point and unit).
    public let signature: String
    private let upsert: SQLiteStatement
    private let deleteOtherStarts: SQLiteStatement
    private let deleteKind: SQLiteStatement
    private let writeSignature: SQLiteStatement
    private let selectAll: SQLiteStatement

    // Doubles are stored as their IEEE 754 bit patterns in INTEGER columns: exact, ±infinity
    // (an empty accumulator's min/max) included.
    static let schema = """
        CREATE TABLE IF NOT EXISTS hj212_periods(
            kind TEXT NOT NULL, factor TEXT NOT NULL,
            start_ms INTEGER NOT NULL, length_ms INTEGER NOT NULL, position INTEGER NOT NULL,
            n_count INTEGER NOT NULL, n_sum INTEGER NOT NULL, n_min INTEGER NOT NULL, n_max INTEGER NOT NULL,
            n_cou INTEGER NOT NULL,
            o_count INTEGER NOT NULL, o_sum INTEGER NOT NULL, o_min INTEGER NOT NULL, o_max INTEGER NOT NULL,
            o_cou INTEGER NOT NULL,
            flags TEXT NOT NULL,
            PRIMARY KEY(kind, factor));
        CREATE TABLE IF NOT EXISTS hj212_period_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """

    /// Opens (creating the tables if needed) the database file at `path`, for periods accumulated
    /// for `signature`.
    public init(path: String, signature: String, logger: Logger) throws {
        database = try SQLiteDatabase(path: path)
        try database.execute(Self.schema)
        self.signature = signature
        self.logger = logger
        upsert = try database.prepare("""
            INSERT INTO hj212_periods VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(kind, factor) DO UPDATE SET start_ms = excluded.start_ms, length_ms = excluded.length_ms,
                position = excluded.position, n_count = excluded.n_count, n_sum = excluded.n_sum,
                n_min = excluded.n_min, n_max = excluded.n_max, n_cou = excluded.n_cou, o_count = excluded.o_count,
                o_sum = excluded.o_sum, o_min = excluded.o_min, o_max = excluded.o_max, o_cou = excluded.o_cou,
                flags = excluded.flags
            """)
        deleteOtherStarts = try database.prepare("DELETE FROM hj212_periods WHERE kind = ? AND start_ms <> ?")
        deleteKind = try database.prepare("DELETE FROM hj212_periods WHERE kind = ?")
        writeSignature = try database.prepare(
            "INSERT INTO hj212_period_meta VALUES('signature', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
        selectAll = try database.prepare("SELECT * FROM hj212_periods ORDER BY kind, position")
    }

    /// The periods saved under this store's signature, minute, hour, day. Saved under another one,
    /// they are deleted (and the fact logged): statistics of another factor set must not be mixed
    /// into this one's.
    public func load() throws -> [HJ212PeriodState] {
        lock.lock()
        defer { lock.unlock() }
        return try database.transaction {
            let saved = try database.prepare("SELECT value FROM hj212_period_meta WHERE name = 'signature'")
                .query { $0.text(0) }.first
            let rows = try selectAll.query { row in Self.decode(row) }.compactMap { $0 }
            if let saved, saved != signature, !rows.isEmpty {
                logger.notice("hj212: the factors changed since the open periods were saved; their statistics are dropped",
                              metadata: ["saved": "\(saved)", "now": "\(signature)", "periods": "\(Set(rows.map(\.kind.rawValue)).sorted())"])
            }
            guard saved == signature else {
                try database.execute("DELETE FROM hj212_periods")
                return []
            }
            var periods: [HJ212PeriodState] = []
            for row in rows {
                if let index = periods.firstIndex(where: { $0.kind == row.kind && $0.start == row.start }) {
                    periods[index].order.append(row.factor)
                    periods[index].factors[row.factor] = row.statistics
                } else {
                    periods.append(HJ212PeriodState(kind: row.kind, length: row.length, start: row.start, order: [row.factor],
                                                    factors: [row.factor: row.statistics]))
                }
            }
            let kinds = HJ212DataKind.allCases
            return periods.sorted { kinds.firstIndex(of: $0.kind) ?? 0 < kinds.firstIndex(of: $1.kind) ?? 0 }
        }
    }

    /// Replaces the saved periods with `periods` under this store's signature, in one transaction
    /// (kinds not given are cleared).
    public func save(_ periods: [HJ212PeriodState]) throws {
        lock.lock()
        defer { lock.unlock() }
        try database.transaction {
            try writeSignature.run([.text(signature)])
            for kind in HJ212DataKind.allCases where !periods.contains(where: { $0.kind == kind }) {
                try deleteKind.run([.text(kind.rawValue)])
            }
            for period in periods {
                try deleteOtherStarts.run([.text(period.kind.rawValue), .integer(period.start)])
                for (position, code) in period.order.enumerated() {
                    guard let statistics = period.factors[code] else { continue }
                    try upsert.run([.text(period.kind.rawValue), .text(code), .integer(period.start), .integer(period.length),
                                    .integer(Int64(position))] + Self.encode(statistics))
                }
            }
        }
    }

    private struct Row {
        var kind: HJ212DataKind
        var factor: String
        var start: Int64
        var length: Int64
        var statistics: HJ212FactorStatistics
    }

    private static func encode(_ statistics: HJ212FactorStatistics) -> [SQLiteStatement.Value] {
        func bits(_ value: Double) -> SQLiteStatement.Value { .integer(Int64(bitPattern: value.bitPattern)) }
        var values: [SQLiteStatement.Value] = []
        for part in [statistics.normal, statistics.other] {
            values += [.integer(Int64(part.count)), bits(part.sum), bits(part.minimum), bits(part.maximum), bits(part.cumulative)]
        }
        let flags = HJ212DataFlag.allCases.compactMap { flag in statistics.flags[flag].map { "\(flag.rawValue):\($0)" } }
        return values + [.text(flags.joined(separator: ","))]
    }

    /// Nil for a row of a kind this version does not know.
    private static func decode(_ row: SQLiteStatement) -> Row? {
        func double(_ column: Int32) -> Double { Double(bitPattern: UInt64(bitPattern: row.int64(column))) }
        func accumulator(_ first: Int32) -> HJ212FactorStatistics.Accumulator {
            HJ212FactorStatistics.Accumulator(minimum: double(first + 2), maximum: double(first + 3), sum: double(first + 1),
                                              count: Int(row.int64(first)), cumulative: double(first + 4))
        }
        guard let kind = HJ212DataKind(rawValue: row.text(0)) else { return nil }
        var statistics = HJ212FactorStatistics()
        statistics.normal = accumulator(5)
        statistics.other = accumulator(10)
        for pair in row.text(15).split(separator: ",") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let flag = HJ212DataFlag(rawValue: String(parts[0])), let count = Int(parts[1]) {
                statistics.flags[flag] = count
            }
        }
        return Row(kind: kind, factor: row.text(1), start: row.int64(2), length: row.int64(3), statistics: statistics)
    }
}
