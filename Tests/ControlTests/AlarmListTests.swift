import Control
import Testing

@Suite struct AlarmListTests {
    static let definitions = [
        AlarmDefinition(id: "do.low", priority: .medium, trigger: .limit(AlarmLimit(.low, 1.0, deadband: 0.2))),
        AlarmDefinition(id: "blower.fault", priority: .high),
        AlarmDefinition(id: "estop", priority: .critical, maxShelveMinutes: 0),
    ]

    @Test func duplicateIDsAreRefused() {
        #expect(throws: AlarmListError.duplicateID("a")) {
            try AlarmList([AlarmDefinition(id: "a", priority: .low), AlarmDefinition(id: "a", priority: .high)])
        }
    }

    @Test func eventsAreQueuedInOrderAndDrained() throws {
        var list = try AlarmList(Self.definitions)
        list.update("do.low", sample: Sample(value: 0.9, quality: .good, time: 1), at: 1)
        list.update("blower.fault", condition: true, at: 2)
        try list.acknowledge("blower.fault", by: "maria", at: 3)
        let events = list.drainEvents()
        #expect(events.map(\.alarmID) == ["do.low", "blower.fault", "blower.fault"])
        #expect(events.map(\.to) == [.unacknowledged, .unacknowledged, .acknowledged])
        #expect(events.last?.by == "maria")
        #expect(list.drainEvents().isEmpty)
    }

    @Test func annunciatedSortsByPriorityThenAge() throws {
        var list = try AlarmList(Self.definitions)
        list.update("do.low", sample: Sample(value: 0.5, quality: .good, time: 1), at: 1)
        list.update("blower.fault", condition: true, at: 5)
        list.update("estop", condition: true, at: 9)
        #expect(list.annunciated.map(\.id) == ["estop", "blower.fault", "do.low"])
        list.update("estop", condition: false, at: 10)
        try list.acknowledge("estop", by: "op", at: 11)
        #expect(list.annunciated.map(\.id) == ["blower.fault", "do.low"])
    }

    @Test func acknowledgeAllCountsOnlyThoseAwaitingIt() throws {
        var list = try AlarmList(Self.definitions)
        list.update("blower.fault", condition: true, at: 1)
        list.update("estop", condition: true, at: 1)
        try list.acknowledge("estop", by: "op", at: 2)
        #expect(list.acknowledgeAll(by: "op", at: 3) == 1)
        #expect(list["blower.fault"]?.state == .acknowledged)
    }

    @Test func commandsOnUnknownAlarmsAreRefused() throws {
        var list = try AlarmList(Self.definitions)
        #expect(throws: AlarmCommandError.unknownAlarm("nope")) { try list.shelve("nope", minutes: 5, by: "op", at: 0) }
        #expect(throws: AlarmCommandError.shelvingNotAllowed) { try list.shelve("estop", minutes: 5, by: "op", at: 0) }
    }

    @Test func eventsBeyondCapacityDropTheOldest() throws {
        var list = try AlarmList(Self.definitions, eventCapacity: 2)
        for t in 0..<3 {
            list.update("blower.fault", condition: t % 2 == 0, at: Double(t))
        }
        // Three transitions B, D, B: the first is dropped.
        #expect(list.droppedEvents == 1)
        #expect(list.drainEvents().map(\.to) == [.returnedUnacknowledged, .unacknowledged])
    }

    @Test func floodIsMoreThanTenNewAlarmsInTenMinutes() throws {
        let many = (0..<12).map { AlarmDefinition(id: "a\($0)", priority: .low) }
        var list = try AlarmList(many)
        for i in 0..<11 { list.update("a\(i)", condition: true, at: Double(i * 50)) }
        // 11 alarms between t = 0 and t = 500.
        #expect(list.isFlooding(at: 500))
        // At t = 600.5 the one from t = 0 has left the window: 10 remain.
        #expect(!list.isFlooding(at: 600.5))
    }
}
