import SQLite

/// The history database's tables, shared by the writer and the reader.
///
/// `raw` is keyed by time first, so each commit appends at the right edge of one b-tree (a few
/// pages written per commit, however many series) rather than touching one page per series; a
/// query for one series scans the rows of every series in its span, which stays cheap at the raw
/// spans it is used for. `rollup` is keyed by series first: it is written in batches (an hour at
/// a time) and read over long spans of one series.
enum HistorySchema {
    static let create = """
        CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS raw (start_ms INTEGER NOT NULL, series INTEGER NOT NULL, end_ms INTEGER NOT NULL,
            count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (start_ms, series)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS rollup (series INTEGER NOT NULL, start_ms INTEGER NOT NULL, span_ms INTEGER NOT NULL,
            count INTEGER NOT NULL, min REAL, avg REAL, max REAL, worst INTEGER NOT NULL,
            PRIMARY KEY (series, start_ms)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """

    /// Raw blocks cover aligned windows of this many ms (`meta.block_ms`).
    static let blockKey = "block_ms"
    /// Every raw sample before this time has been rolled up (`meta.rolled_until_ms`).
    static let watermarkKey = "rolled_until_ms"
    /// The rollup interval in ms the writer uses now (`meta.rollup_ms`).
    static let rollupKey = "rollup_ms"

    static func meta(_ database: SQLiteDatabase, _ key: String) throws -> Int64? {
        try database.prepare("SELECT value FROM meta WHERE key = ?").query([.text(key)]) { $0.int64(0) }.first
    }

    static func setMeta(_ database: SQLiteDatabase, _ key: String, _ value: Int64) throws {
        try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run([.text(key), .integer(value)])
    }

    /// The single integer `sql` returns; nil for NULL or no row.
    static func scalar(_ database: SQLiteDatabase, _ sql: String) throws -> Int64? {
        let rows: [Int64?] = try database.prepare(sql).query { row in row.isNull(0) ? nil : row.int64(0) }
        return rows.first ?? nil
    }

    /// Series ids by name.
    static func series(_ database: SQLiteDatabase) throws -> [String: Int64] {
        let rows = try database.prepare("SELECT name, id FROM series").query { ($0.text(0), $0.int64(1)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    static func rollup(_ row: SQLiteStatement, from column: Int32) -> HistoryRollup {
        func real(_ index: Int32) -> Double { row.isNull(index) ? .nan : row.double(index) }
        return HistoryRollup(start: row.int64(column), span: row.int64(column + 1), count: Int(row.int64(column + 2)),
                             min: real(column + 3), average: real(column + 4), max: real(column + 5),
                             worst: HistoryQuality(rawValue: UInt8(clamping: row.int64(column + 6))) ?? .bad)
    }
}
