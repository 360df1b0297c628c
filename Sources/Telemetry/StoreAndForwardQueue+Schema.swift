import SQLite

extension StoreAndForwardQueue {
    /// Version 0: records, counters and the (uplink, sequence) index; files written before
    /// per-uplink bounds are at this version.
    static let schema = """
        CREATE TABLE IF NOT EXISTS records(
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            uplink TEXT NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            payload BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS records_by_uplink ON records(uplink, sequence);
        CREATE TABLE IF NOT EXISTS counters(
            uplink TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,
            PRIMARY KEY(uplink, name));
        """

    /// Version 1: bounds per uplink. `backlog` holds each uplink's undelivered count, kept by
    /// triggers in the same transaction as the insert or delete (so it stays right for every
    /// connection to the file, and across crashes); the (uplink, timestamp) index finds an
    /// uplink's oldest and expired records without a scan. Existing records are counted once.
    static let migrationToVersion1 = """
        CREATE INDEX IF NOT EXISTS records_by_uplink_time ON records(uplink, timestamp_ms);
        CREATE TABLE IF NOT EXISTS backlog(uplink TEXT PRIMARY KEY, records INTEGER NOT NULL) WITHOUT ROWID;
        DELETE FROM backlog;
        INSERT INTO backlog(uplink, records) SELECT uplink, count(*) FROM records GROUP BY uplink;
        CREATE TRIGGER IF NOT EXISTS records_counted AFTER INSERT ON records BEGIN
            INSERT INTO backlog(uplink, records) VALUES(new.uplink, 1)
            ON CONFLICT(uplink) DO UPDATE SET records = records + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS records_uncounted AFTER DELETE ON records BEGIN
            UPDATE backlog SET records = records - 1 WHERE uplink = old.uplink;
        END;
        PRAGMA user_version = 1;
        """

    static let schemaVersion: Int64 = 1

    /// Creates the tables of a new file and brings an older one up to `schemaVersion`, in one
    /// transaction (a second process opening the same file waits, then finds it done).
    static func migrate(_ database: SQLiteDatabase) throws {
        try database.execute(schema)
        let version = try database.prepare("PRAGMA user_version")
        try database.transaction {
            let current = try version.query([]) { $0.int64(0) }.first ?? 0
            if current < 1 { try database.execute(migrationToVersion1) }
        }
    }
}
