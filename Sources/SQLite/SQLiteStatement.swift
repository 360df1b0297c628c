import CSQLite
import Foundation

/// A prepared statement owned by one ``SQLiteDatabase``; finalized in `deinit`.
public final class SQLiteStatement {
    private let database: SQLiteDatabase
    private let handle: OpaquePointer
    public let sql: String

    /// SQLITE_TRANSIENT (a C macro Swift does not import): SQLite copies bound bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, sql: String) throws {
        var pointer: OpaquePointer?
        try database.check(sqlite3_prepare_v2(database.handle, sql, -1, &pointer, nil), "prepare", sql)
        guard let pointer else {
            throw SQLiteError(code: SQLITE_MISUSE, operation: "prepare", statement: sql, message: "empty statement")
        }
        self.database = database
        handle = pointer
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// A value bindable to a `?` parameter.
    public enum Value {
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
        case null
    }

    /// Resets the statement and binds `values` to parameters 1...n.
    public func bind(_ values: [Value]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    // A zero-length blob still binds as a blob, not NULL.
                    sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32(buffer.count), Self.transient)
                }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            try database.check(code, "bind parameter \(index)", sql)
        }
    }

    /// Steps once: `true` when a row is available, `false` when done.
    @discardableResult
    public func step() throws -> Bool {
        try database.check(sqlite3_step(handle), "step", sql) == SQLITE_ROW
    }

    /// Binds `values` and steps to completion, for statements that return no rows.
    public func run(_ values: [Value] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds `values` and maps every row through `row`.
    public func query<T>(_ values: [Value] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        try bind(values)
        var rows: [T] = []
        while try step() { rows.append(try row(self)) }
        sqlite3_reset(handle)
        return rows
    }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// True when the column of the current row is SQL NULL.
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    public func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
