import Control
@testable import Runtime
import Testing

/// Conditions of the process itself annunciated as ISA-18.2 alarms and logged as unit events.
@Suite struct SystemAlarmsTests {
    static func unit() throws -> (ModesFixture, SystemAlarms) {
        let system = SystemAlarms.standard(buses: ["plant"])
        return (try ModesFixture(systemAlarms: system), system)
    }

    @Test func aStalledBusIsAnAlarmToAcknowledgeAndAnEvent() throws {
        let (unit, system) = try Self.unit()
        let id = SystemAlarms.busStalled("plant")
        unit.step()
        #expect(unit.alarm(id) == .normal)
        system.raise(id, "no successful transaction for 10 s")
        unit.step()
        #expect(unit.alarm(id) == .unacknowledged)
        #expect(unit.snapshot.alarm(id)?.priority == .critical)
        #expect(unit.snapshot.annunciated.contains { $0.id == id })
        let raised = try #require(unit.snapshot.events.last)
        #expect(raised.kind == .systemAlarm && raised.subject == id && raised.message.contains("10 s") && raised.by == nil)
        #expect(unit.command(.acknowledge(alarm: id), from: ModesFixture.operatorAna)?.isAccepted == true)
        #expect(unit.alarm(id) == .acknowledged)
        system.clear(id)
        unit.step()
        #expect(unit.alarm(id) == .normal)
        #expect(unit.snapshot.events.last?.kind == .systemAlarmCleared)
        #expect(unit.snapshot.events.filter { $0.kind == .systemAlarm }.count == 1, "logged once, not every scan")
    }

    @Test func clearedBeforeAcknowledgementWaitsForIt() throws {
        let (unit, system) = try Self.unit()
        system.raise(SystemAlarms.retainedState, "save failed: disk full")
        unit.step()
        system.clear(SystemAlarms.retainedState)
        unit.step()
        #expect(unit.alarm(SystemAlarms.retainedState) == .returnedUnacknowledged)
    }

    @Test func anOperatorShelvesASystemAlarmButCannotRaiseOrClearIt() throws {
        let (unit, system) = try Self.unit()
        system.raise(SystemAlarms.scanOverrun, "3 or more overruns within 60 s")
        unit.step()
        #expect(unit.command(.shelve(alarm: SystemAlarms.scanOverrun, minutes: 30), from: ModesFixture.operatorAna)?.isAccepted == true)
        #expect(unit.alarm(SystemAlarms.scanOverrun) == .shelved)
        // No command reaches the condition: resetting or acknowledging leaves it active.
        _ = unit.command(.acknowledge(alarm: nil), from: ModesFixture.operatorAna)
        #expect(system.conditions[SystemAlarms.scanOverrun] != nil)
    }

    @Test func anUndeclaredIDIsIgnored() throws {
        let (unit, system) = try Self.unit()
        system.raise(SystemAlarms.busStalled("other"), "not a bus of this unit")
        unit.step()
        #expect(system.conditions.isEmpty)
        #expect(unit.snapshot.alarm(SystemAlarms.busStalled("other")) == nil)
    }

    @Test(arguments: [
        // (overrun totals at 0, 1, 2, ... s, active after each; nil: no change)
        ([0, 1, 2] as [UInt64], [nil, nil, nil] as [Bool?]),
        ([0, 3], [nil, true]),
        ([0, 1, 2, 3, 3], [nil, nil, nil, true, nil]),
    ])
    func overrunBurst(totals: [UInt64], changes: [Bool?]) {
        var burst = ScanOverrunBurst(burst: 3, window: 60)
        let seen = totals.enumerated().map { burst.update(overruns: $0.element, now: Double($0.offset)) }
        #expect(seen == changes)
    }

    @Test func overrunBurstClearsAfterAQuietWindow() {
        var burst = ScanOverrunBurst(burst: 3, window: 60)
        _ = burst.update(overruns: 10, now: 0)
        #expect(burst.update(overruns: 14, now: 5) == true)
        #expect(burst.update(overruns: 14, now: 64) == nil, "an overrun 59 s ago")
        #expect(burst.update(overruns: 14, now: 65) == false)
        #expect(!burst.isActive)
    }
}
