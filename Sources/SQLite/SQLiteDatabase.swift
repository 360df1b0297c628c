import CSQLite
import Foundation

/// A failed SQLite call: the result code, what Floc was doing, the SQL if any, and SQLite's message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var operation: String
    public var statement: String?
    public var message: String

    public var description: String {
        let sql = statement.map { " in `\($0)`" } ?? ""
        return "SQLite \(operation) failed (code \(code)): \(message)\(sql)"
    }
}

/// One SQLite connection, opened in WAL mode with `synchronous=FULL`.
///
/// Not thread-safe: the owner serialises access (the telemetry queue and the state store hold a lock).
/// Throws ``SQLiteError`` naming the statement on every failure.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    public let path: String

    /// How much a commit waits for the disk.
    public enum Durability: String, Sendable {
        /// The WAL is fsynced at every commit: a commit that returned survives a power cut.
        case full = "FULL"
        /// The WAL is fsynced at checkpoints only: a power cut may lose the last commits, never
        /// corrupt the file (for data that can be re-sampled, such as history).
        case normal = "NORMAL"
    }

    /// Opens (creating if needed) the database at `path`.
    /// WAL: readers never block the writer and a crash mid-write leaves the last commit intact.
    /// `synchronous=FULL` by default: the WAL is fsynced at every commit, so a commit that returned
    /// survives a power cut (NORMAL in WAL mode may lose the last commits on power loss).
    /// `readOnly`: an existing file only, for a reader beside a running writer (WAL lets both work).
    public init(path: String, durability: Durability = .full, readOnly: Bool = false) throws {
        var pointer: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: code, operation: "open \(path)", statement: nil, message: message)
        }
        handle = pointer
        self.path = path
        // A second process (a reader, a restarted writer) may hold the lock briefly.
        sqlite3_busy_timeout(handle, 5000)
        guard !readOnly else { return }
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=\(durability.rawValue)")
    }

    deinit { sqlite3_close_v2(handle) }

    /// The one place a SQLite result code becomes an error.
    @discardableResult
    func check(_ code: Int32, _ operation: String, _ sql: String? = nil) throws -> Int32 {
        switch code {
        case SQLITE_OK, SQLITE_ROW, SQLITE_DONE: return code
        default:
            throw SQLiteError(code: code, operation: operation, statement: sql,
                              message: String(cString: sqlite3_errmsg(handle)))
        }
    }

    /// Runs `sql` (one or more statements, no parameters), discarding any rows.
    public func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), "execute", sql)
    }

    /// Compiles `sql` once, for repeated use.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT`, rolling back if it throws.
    /// When this returns, the transaction is on disk (see `synchronous=FULL`).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}
