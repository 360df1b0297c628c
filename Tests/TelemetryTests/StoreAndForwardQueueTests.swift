import Foundation
import Logging
import Synchronization
import Testing
import SQLite
@testable import Telemetry

/// A fresh database file in a fresh temporary folder.
func temporaryDatabase() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-saf-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("queue.sqlite").path
}

let quietLogger = Logger(label: "floc.telemetry.test", factory: { _ in SwiftLogNoOpLogHandler() })

@Suite struct StoreAndForwardQueueTests {
    @Test func appendPendingAndDeliverInOrder() throws {
        let queue = try StoreAndForwardQueue(path: temporaryDatabase(), bound: .init(maxRecords: 100), logger: quietLogger)
        for index in 0..<5 {
            try queue.append(uplink: "hj212", timestampMilliseconds: 1000 + Int64(index), payload: [UInt8(index)])
        }
        try queue.append(uplink: "sparkplug", timestampMilliseconds: 2000, payload: [9])
        let pending = try queue.pending(uplink: "hj212", limit: 10)
        #expect(pending.map(\.payload) == [[0], [1], [2], [3], [4]])
        #expect(pending.map(\.sequence) == pending.map(\.sequence).sorted())
        try queue.markDelivered(uplink: "hj212", upTo: pending[2].sequence)
        #expect(try queue.pending(uplink: "hj212", limit: 10).map(\.payload) == [[3], [4]])
        #expect(try queue.pending(uplink: "sparkplug", limit: 10).map(\.payload) == [[9]])
        #expect(try queue.counters(uplink: "hj212") == StoreAndForwardCounters(stored: 5, delivered: 3, dropped: 0))
        #expect(try queue.pending(uplink: "hj212", limit: 1).count == 1)
    }

    @Test func alarmRisesBeforeAnythingIsDropped() throws {
        let alarms = Mutex<[StoreAndForwardAlarm]>([])
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 10, policy: .dropOldest, highWater: 0.8),
            logger: quietLogger, onAlarm: { alarm in alarms.withLock { $0.append(alarm) } })
        for index in 0..<8 {
            try queue.append(uplink: "u", timestampMilliseconds: Int64(index), payload: [UInt8(index)])
        }
        #expect(queue.alarmRaised)
        #expect(alarms.withLock { $0 }.map(\.active) == [true])
        #expect(try queue.counters(uplink: "u").dropped == 0)
        for index in 8..<12 {
            try queue.append(uplink: "u", timestampMilliseconds: Int64(index), payload: [UInt8(index)])
        }
        #expect(try queue.count() == 10)
        #expect(try queue.counters(uplink: "u").dropped == 2)
        #expect(try queue.pending(uplink: "u", limit: 1).first?.payload == [2])
        let all = try queue.pending(uplink: "u", limit: 100)
        try queue.markDelivered(uplink: "u", upTo: all.last!.sequence)
        #expect(!queue.alarmRaised)
        #expect(alarms.withLock { $0 }.map(\.active) == [true, false])
    }

    @Test func refuseNewKeepsTheBacklog() throws {
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 3, policy: .refuseNew), logger: quietLogger)
        for index in 0..<3 {
            #expect(try queue.append(uplink: "u", timestampMilliseconds: 0, payload: [UInt8(index)]) != .refused)
        }
        #expect(try queue.append(uplink: "u", timestampMilliseconds: 0, payload: [3]) == .refused)
        #expect(try queue.pending(uplink: "u", limit: 10).map(\.payload) == [[0], [1], [2]])
        #expect(try queue.counters(uplink: "u") == StoreAndForwardCounters(stored: 3, delivered: 0, dropped: 1))
    }

    @Test func ageBoundDropsExpiredRecords() throws {
        let queue = try StoreAndForwardQueue(
            path: temporaryDatabase(), bound: .init(maxRecords: 100, maxAgeMilliseconds: 1000), logger: quietLogger)
        try queue.append(uplink: "u", timestampMilliseconds: 0, payload: [0])
        try queue.append(uplink: "u", timestampMilliseconds: 850, payload: [1])
        #expect(queue.alarmRaised, "850 ms of 1000 is above high water")
        try queue.append(uplink: "u", timestampMilliseconds: 1500, payload: [2])
        #expect(try queue.pending(uplink: "u", limit: 10).map(\.payload) == [[1], [2]])
        #expect(try queue.counters(uplink: "u").dropped == 1)
    }

    @Test func survivesReopen() throws {
        let path = temporaryDatabase()
        do {
            let queue = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 100), logger: quietLogger)
            for index in 0..<4 { try queue.append(uplink: "u", timestampMilliseconds: 7, payload: [UInt8(index)]) }
            try queue.markDelivered(uplink: "u", upTo: try queue.pending(uplink: "u", limit: 1)[0].sequence)
        }
        let reopened = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 100), logger: quietLogger)
        #expect(try reopened.pending(uplink: "u", limit: 10).map(\.payload) == [[1], [2], [3]])
        #expect(try reopened.counters(uplink: "u") == StoreAndForwardCounters(stored: 4, delivered: 1, dropped: 0))
        let next = try reopened.append(uplink: "u", timestampMilliseconds: 8, payload: [4])
        guard case .stored(let sequence, _) = next else { Issue.record("not stored"); return }
        #expect(sequence > 4, "sequences are never reused")
    }

    @Test func sqliteErrorsNameTheStatement() throws {
        let database = try SQLiteDatabase(path: temporaryDatabase())
        #expect {
            try database.execute("SELEC nonsense")
        } throws: { error in
            (error as? SQLiteError)?.statement == "SELEC nonsense"
        }
        #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: "/nonexistent-folder/x/queue.sqlite") }
    }
}
