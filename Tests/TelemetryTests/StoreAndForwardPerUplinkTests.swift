import Foundation
import SQLite
import Synchronization
import Testing
@testable import Telemetry

/// HJ 212 and Sparkplug share one queue file: each uplink's bound, age and alarm count its own records.
@Suite struct StoreAndForwardPerUplinkTests {
    @Test func oneUplinkFillingUpLeavesTheOthersRecordsAlone() throws {
        let alarms = Mutex<[StoreAndForwardAlarm]>([])
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 10, policy: .dropOldest, highWater: 0.8),
            logger: quietLogger, onAlarm: { alarm in alarms.withLock { $0.append(alarm) } })
        for index in 0..<5 { try queue.append(uplink: "hj212", timestampMilliseconds: Int64(index), payload: [UInt8(index)]) }
        for index in 0..<25 {
            try queue.append(uplink: "sparkplug", timestampMilliseconds: 100 + Int64(index), payload: [UInt8(index)])
        }
        #expect(try queue.count(uplink: "sparkplug") == 10)
        #expect(try queue.count(uplink: "hj212") == 5)
        #expect(try queue.count() == 15)
        #expect(try queue.pending(uplink: "hj212", limit: 10).map(\.payload) == (0..<5).map { [UInt8($0)] },
                "the older records of the other uplink were dropped")
        #expect(try queue.pending(uplink: "sparkplug", limit: 1).first?.payload == [15])
        #expect(try queue.counters(uplink: "sparkplug").dropped == 15)
        #expect(try queue.counters(uplink: "hj212").dropped == 0)
        #expect(queue.alarmRaised(uplink: "sparkplug"))
        #expect(!queue.alarmRaised(uplink: "hj212"))
        #expect(alarms.withLock { $0 }.map(\.uplink) == ["sparkplug"])
        #expect(alarms.withLock { $0 }.first?.records == 8)
    }

    @Test func refuseNewAndTheAlarmArePerUplink() throws {
        let alarms = Mutex<[StoreAndForwardAlarm]>([])
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 4, policy: .refuseNew, highWater: 0.5),
            logger: quietLogger, onAlarm: { alarm in alarms.withLock { $0.append(alarm) } })
        for index in 0..<4 { try queue.append(uplink: "a", timestampMilliseconds: 0, payload: [UInt8(index)]) }
        #expect(try queue.append(uplink: "a", timestampMilliseconds: 0, payload: [9]) == .refused)
        #expect(try queue.append(uplink: "b", timestampMilliseconds: 0, payload: [1]) != .refused, "b refused for a's backlog")
        try queue.append(uplink: "b", timestampMilliseconds: 0, payload: [2])
        #expect(queue.alarmRaised(uplink: "a") && queue.alarmRaised(uplink: "b"))
        // Delivering b clears b's alarm only.
        try queue.markDelivered(uplink: "b", upTo: .max)
        #expect(!queue.alarmRaised(uplink: "b"))
        #expect(queue.alarmRaised(uplink: "a") && queue.alarmRaised)
        #expect(alarms.withLock { $0 }.map { "\($0.uplink) \($0.active)" } == ["a true", "b true", "b false"])
    }

    @Test func theAgeBoundDropsOnlyTheAppendingUplinksExpiredRecords() throws {
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 100, maxAgeMilliseconds: 1000), logger: quietLogger)
        try queue.append(uplink: "hj212", timestampMilliseconds: 0, payload: [0])
        try queue.append(uplink: "sparkplug", timestampMilliseconds: 0, payload: [0])
        try queue.append(uplink: "sparkplug", timestampMilliseconds: 5000, payload: [1])
        #expect(try queue.pending(uplink: "sparkplug", limit: 10).map(\.payload) == [[1]])
        #expect(try queue.pending(uplink: "hj212", limit: 10).map(\.payload) == [[0]])
        #expect(try queue.counters(uplink: "hj212").dropped == 0)
        #expect(try queue.counters(uplink: "sparkplug").dropped == 1)
    }

    /// A file written by the previous version (schema 0: no backlog table, no triggers) opens,
    /// keeps its records, counts them per uplink and goes on assigning higher sequences.
    @Test func aFileFromThePreviousVersionOpensAndKeepsItsRecords() throws {
        let path = temporaryDatabase()
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(StoreAndForwardQueue.schema)
            try old.execute("""
                INSERT INTO records(uplink, timestamp_ms, payload) VALUES('hj212', 1, x'01'), ('sparkplug', 2, x'02'),
                    ('hj212', 3, x'03'), ('sparkplug', 4, x'04'), ('sparkplug', 5, x'05');
                INSERT INTO counters(uplink, name, value) VALUES('sparkplug', 'stored', 3), ('hj212', 'stored', 2);
                """)
            #expect(try old.prepare("PRAGMA user_version").query([]) { $0.int64(0) }.first == 0)
        }
        let queue = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 3), logger: quietLogger)
        #expect(try queue.pending(uplink: "hj212", limit: 10).map(\.payload) == [[1], [3]])
        #expect(try queue.pending(uplink: "sparkplug", limit: 10).map(\.payload) == [[2], [4], [5]])
        #expect(try queue.count(uplink: "hj212") == 2 && queue.count(uplink: "sparkplug") == 3)
        #expect(try queue.counters(uplink: "sparkplug").stored == 3)
        // The bound now sees the migrated counts: sparkplug is full, hj212 is not.
        guard case .stored(let sequence, let dropped) = try queue.append(uplink: "sparkplug", timestampMilliseconds: 6, payload: [6])
        else { Issue.record("not stored"); return }
        #expect(sequence == 6 && dropped == 1)
        #expect(try queue.append(uplink: "hj212", timestampMilliseconds: 7, payload: [7]) == .stored(sequence: 7, droppedOldest: 0))
        #expect(try queue.pending(uplink: "hj212", limit: 10).map(\.payload) == [[1], [3], [7]])
        try queue.markDelivered(uplink: "sparkplug", sequences: [4])
        #expect(try queue.count(uplink: "sparkplug") == 2)
        // Reopening the migrated file migrates nothing twice.
        let again = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 3), logger: quietLogger)
        #expect(try again.count(uplink: "sparkplug") == 2 && again.count(uplink: "hj212") == 3)
    }
}
