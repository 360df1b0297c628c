import SQLite

/// What went wrong with the history database.
public enum HistoryError: Error, Sendable, CustomStringConvertible {
    /// A raw block's blob does not decode (a damaged file, or written by a newer Floc).
    case damagedBlock(String)
    /// The database could not be opened, read or written (disk full, permissions): SQLite's error.
    case storage(SQLiteError)
    /// The file does not exist (a reader never creates one).
    case noDatabase(path: String)
    /// No series of that name has been recorded.
    case unknownSeries(String)

    public var description: String {
        switch self {
        case .damagedBlock(let detail): "damaged history block: \(detail)"
        case .storage(let error): "\(error)"
        case .noDatabase(let path): "no history database at \(path)"
        case .unknownSeries(let name): "no history of '\(name)' (series are points, `device.point`, and `<loop>.sp|pv|out`)"
        }
    }

    /// Runs `body`, turning SQLite's errors into ``storage(_:)``.
    static func storing<T>(_ body: () throws -> T) throws(HistoryError) -> T {
        do {
            return try body()
        } catch let error as HistoryError {
            throw error
        } catch let error as SQLiteError {
            throw .storage(error)
        } catch {
            throw .damagedBlock("\(error)")
        }
    }
}
