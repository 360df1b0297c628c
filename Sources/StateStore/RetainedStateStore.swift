import Foundation
import SQLite

/// The unit's retained state on disk: SQLite in WAL mode with `synchronous=FULL`, so a save
/// that returned survives kill -9 and a power cut. Also keeps the configuration fingerprint
/// and the start history of the restart-loop guard.
///
/// Thread-safe (one lock around the connection). Every method throws `SQLiteError` on a
/// disk failure; a JSON row that no longer decodes throws `DecodingError`.
public final class RetainedStateStore: @unchecked Sendable {
    // @unchecked: `database` and the statements are used only under `lock`.
    private let lock = NSLock()
    private let database: SQLiteDatabase
    private let insertItem: SQLiteStatement
    private let selectItems: SQLiteStatement
    private let setMeta: SQLiteStatement
    private let getMeta: SQLiteStatement
    private let insertStart: SQLiteStatement
    private let selectStarts: SQLiteStatement
    public let path: String

    /// Opens or creates the database at `path` (its folder must exist and be writable).
    public init(path: String) throws {
        self.path = path
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            CREATE TABLE IF NOT EXISTS retained (kind TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
                                                 PRIMARY KEY (kind, name));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS starts (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL);
            """)
        insertItem = try database.prepare("INSERT INTO retained (kind, name, value) VALUES (?, ?, ?)")
        selectItems = try database.prepare("SELECT kind, name, value FROM retained")
        setMeta = try database.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        getMeta = try database.prepare("SELECT value FROM meta WHERE key = ?")
        insertStart = try database.prepare("INSERT INTO starts (at) VALUES (?)")
        selectStarts = try database.prepare("SELECT at FROM starts ORDER BY at")
    }

    /// Replaces the saved state with `state`, in one transaction: a crash leaves either the
    /// previous save or this one, never a mix. `savedAt` is wall-clock seconds since 1970.
    public func save(_ state: RetainedState, savedAt: Double) throws {
        let rows = try state.rows()
        try lock.withLock {
            try database.transaction {
                try database.execute("DELETE FROM retained")
                for row in rows { try insertItem.run([.text(row.kind), .text(row.name), .text(row.json)]) }
                try setMeta.run([.text("saved_at"), .text(String(savedAt))])
            }
        }
    }

    /// The last saved state, or nil when nothing was ever saved.
    public func load() throws -> (state: RetainedState, savedAt: Double)? {
        try lock.withLock {
            guard let savedAt = try meta("saved_at").flatMap(Double.init) else { return nil }
            let rows = try selectItems.query { (kind: $0.text(0), name: $0.text(1), json: $0.text(2)) }
            return (try RetainedState(rows: rows), savedAt)
        }
    }

    /// The configuration fingerprint stored with the state (``ConfigFingerprint/unit(_:)``).
    public func configFingerprint() throws -> String? { try lock.withLock { try meta("config_sha256") } }

    public func setConfigFingerprint(_ fingerprint: String) throws {
        try lock.withLock { try setMeta.run([.text("config_sha256"), .text(fingerprint)]) }
    }

    // MARK: Start history (restart-loop guard)

    /// Appends a start at `time` (wall-clock seconds) and returns every start since the last clean run.
    public func recordStart(at time: Double) throws -> [Double] {
        try lock.withLock {
            try insertStart.run([.text(String(time))])
            return try selectStarts.query { Double($0.text(0)) ?? 0 }
        }
    }

    /// Forgets the start history: after a clean run, or `floc run --clear-restart-guard`.
    public func clearStarts() throws {
        try lock.withLock { try database.execute("DELETE FROM starts") }
    }

    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try lock.withLock { try database.prepare("PRAGMA integrity_check").query { $0.text(0) } }
    }

    private func meta(_ key: String) throws -> String? {
        try getMeta.query([.text(key)]) { $0.text(0) }.first
    }
}
