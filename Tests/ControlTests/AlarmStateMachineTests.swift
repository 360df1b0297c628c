import Control
import Testing

@Suite struct AlarmStateMachineTests {
    /// One operator or process action, at a time in seconds.
    enum Step: Sendable {
        case condition(Bool, at: Double)
        case suppress(Bool, at: Double)
        case ack(at: Double)
        case shelve(minutes: Double, at: Double)
        case unshelve(at: Double)
        case outOfService(at: Double)
        case inService(at: Double)
        /// Time passes with the condition unchanged (delays, shelving expiry).
        case scan(at: Double)
    }

    struct Transition: Sendable, CustomStringConvertible {
        var description: String
        var latching = false
        var steps: [Step]
        var state: AlarmState
        /// Cause of the last event, nil when the last step must not change the state.
        var cause: AlarmCause?
    }

    /// Runs `steps` on a fresh alarm; returns it and the event of the last step.
    static func run(_ steps: [Step], definition: AlarmDefinition) throws -> (AlarmStateMachine, AlarmEvent?) {
        var alarm = AlarmStateMachine(definition: definition)
        var condition = false, suppressed = false
        var last: AlarmEvent?
        for step in steps {
            switch step {
            case let .condition(c, t):
                condition = c
                last = alarm.update(condition: condition, suppressedByDesign: suppressed, at: t)
            case let .suppress(s, t):
                suppressed = s
                last = alarm.update(condition: condition, suppressedByDesign: suppressed, at: t)
            case let .scan(t): last = alarm.update(condition: condition, suppressedByDesign: suppressed, at: t)
            case let .ack(t): last = try alarm.acknowledge(by: "op", at: t)
            case let .shelve(m, t): last = try alarm.shelve(minutes: m, by: "op", at: t)
            case let .unshelve(t): last = try alarm.unshelve(by: "op", at: t)
            case let .outOfService(t): last = try alarm.removeFromService(by: "tech", at: t)
            case let .inService(t): last = try alarm.returnToService(by: "tech", at: t)
            }
        }
        return (alarm, last)
    }

    static let on = Step.condition(true, at: 1), off = Step.condition(false, at: 2)

    /// The ISA-18.2 state diagram, edge by edge (A normal, B unack, C ack, D RTN unack,
    /// E shelved, F suppressed by design, G out of service).
    static let diagram: [Transition] = [
        .init(description: "A -> B: process abnormal", steps: [on], state: .unacknowledged, cause: .process),
        .init(description: "B -> C: acknowledge", steps: [on, .ack(at: 2)], state: .acknowledged, cause: .acknowledged),
        .init(description: "B -> D: return to normal unacknowledged", steps: [on, off],
              state: .returnedUnacknowledged, cause: .process),
        .init(description: "C -> A: return to normal (non-latching)", steps: [on, .ack(at: 2), .condition(false, at: 3)],
              state: .normal, cause: .process),
        .init(description: "C -> D: return to normal (latching)", latching: true,
              steps: [on, .ack(at: 2), .condition(false, at: 3)], state: .returnedUnacknowledged, cause: .process),
        .init(description: "D -> A: acknowledge", steps: [on, off, .ack(at: 3)], state: .normal, cause: .acknowledged),
        .init(description: "D -> B: re-alarm", steps: [on, off, .condition(true, at: 3)],
              state: .unacknowledged, cause: .process),
        .init(description: "C stays C while active", steps: [on, .ack(at: 2), .scan(at: 3)], state: .acknowledged),
        .init(description: "A -> E: shelve", steps: [.shelve(minutes: 10, at: 0)], state: .shelved, cause: .shelved),
        .init(description: "B -> E: shelve", steps: [on, .shelve(minutes: 10, at: 2)], state: .shelved, cause: .shelved),
        .init(description: "E stays E when the process alarms", steps: [.shelve(minutes: 10, at: 0), on],
              state: .shelved),
        .init(description: "E -> B: unshelve while active", steps: [.shelve(minutes: 10, at: 0), on, .unshelve(at: 5)],
              state: .unacknowledged, cause: .unshelved),
        .init(description: "E -> A: unshelve while normal", steps: [on, .shelve(minutes: 10, at: 2),
                                                                  .condition(false, at: 3), .unshelve(at: 4)],
              state: .normal, cause: .unshelved),
        .init(description: "E -> B: shelving expires at 600 s while active",
              steps: [.shelve(minutes: 10, at: 0), on, .scan(at: 599.9), .scan(at: 600)],
              state: .unacknowledged, cause: .shelveExpired),
        .init(description: "E stays E until expiry", steps: [.shelve(minutes: 10, at: 0), on, .scan(at: 599.9)],
              state: .shelved),
        .init(description: "A -> F: suppressed by design", steps: [.suppress(true, at: 0)],
              state: .suppressedByDesign, cause: .suppressed),
        .init(description: "C -> F: suppressed by design", steps: [on, .ack(at: 2), .suppress(true, at: 3)],
              state: .suppressedByDesign, cause: .suppressed),
        .init(description: "F stays F when the process alarms", steps: [.suppress(true, at: 0), on],
              state: .suppressedByDesign),
        .init(description: "F -> B: suppression ends while active", steps: [.suppress(true, at: 0), on, .suppress(false, at: 5)],
              state: .unacknowledged, cause: .unsuppressed),
        .init(description: "F -> A: suppression ends while normal", steps: [.suppress(true, at: 0), .suppress(false, at: 5)],
              state: .normal, cause: .unsuppressed),
        .init(description: "F hides E: shelving a suppressed alarm is logged, state stays F",
              steps: [.suppress(true, at: 0), .shelve(minutes: 5, at: 1)], state: .suppressedByDesign, cause: .shelved),
        .init(description: "F -> E: suppression ends while still shelved",
              steps: [.suppress(true, at: 0), .shelve(minutes: 5, at: 1), .suppress(false, at: 2)],
              state: .shelved, cause: .unsuppressed),
        .init(description: "D -> G: out of service", steps: [on, off, .outOfService(at: 3)],
              state: .outOfService, cause: .removedFromService),
        .init(description: "G hides suppression and process", steps: [.outOfService(at: 0), on, .suppress(true, at: 2)],
              state: .outOfService),
        .init(description: "G -> B: return to service while active", steps: [.outOfService(at: 0), on, .inService(at: 3)],
              state: .unacknowledged, cause: .returnedToService),
        .init(description: "G -> A: return to service while normal", steps: [.outOfService(at: 0), .inService(at: 3)],
              state: .normal, cause: .returnedToService),
    ]

    @Test(arguments: diagram)
    func isa182Transition(_ t: Transition) throws {
        let definition = AlarmDefinition(id: "a", priority: .high, latching: t.latching, maxShelveMinutes: 60)
        let (alarm, event) = try Self.run(t.steps, definition: definition)
        #expect(alarm.state == t.state)
        #expect(event?.cause == t.cause)
        if let event, t.cause != nil { #expect(event.to == t.state) }
    }

    @Test(arguments: [
        // (on delay, off delay, steps, expected state)
        (5.0, 0.0, [Step.condition(true, at: 0), .scan(at: 4.9)], AlarmState.normal),
        (5.0, 0.0, [Step.condition(true, at: 0), .scan(at: 5)], .unacknowledged),
        // A 3 s blip under a 5 s on-delay never alarms, and the delay restarts after it.
        (5.0, 0.0, [Step.condition(true, at: 0), .condition(false, at: 3), .condition(true, at: 4), .scan(at: 8.9)], .normal),
        (0.0, 10.0, [Step.condition(true, at: 0), .condition(false, at: 1), .scan(at: 10.9)], .unacknowledged),
        (0.0, 10.0, [Step.condition(true, at: 0), .condition(false, at: 1), .scan(at: 11)], .returnedUnacknowledged),
        // Returning within the off-delay keeps the alarm in without a new event.
        (0.0, 10.0, [Step.condition(true, at: 0), .condition(false, at: 1), .condition(true, at: 5), .scan(at: 20)],
         .unacknowledged),
    ])
    func delays(on: Double, off: Double, steps: [Step], state: AlarmState) throws {
        let definition = AlarmDefinition(id: "a", priority: .low, onDelay: on, offDelay: off)
        #expect(try Self.run(steps, definition: definition).0.state == state)
    }

    @Test(arguments: [
        // DO low at 1.0 mg/L with 0.2 deadband: comes at <= 1.0, goes only above 1.2.
        (AlarmLimit(.low, 1.0, deadband: 0.2), [1.5, 1.0], true),
        (AlarmLimit(.low, 1.0, deadband: 0.2), [1.5, 1.01], false),
        (AlarmLimit(.low, 1.0, deadband: 0.2), [0.9, 1.15], true),
        (AlarmLimit(.low, 1.0, deadband: 0.2), [0.9, 1.21], false),
        // pH high-high at 9.0 with 0.1 deadband.
        (AlarmLimit(.highHigh, 9.0, deadband: 0.1), [8.0, 9.0], true),
        (AlarmLimit(.highHigh, 9.0, deadband: 0.1), [9.2, 8.95], true),
        (AlarmLimit(.highHigh, 9.0, deadband: 0.1), [9.2, 8.89], false),
        (AlarmLimit(.lowLow, 6.0), [5.9, 6.01], false),
    ])
    func limitDeadband(limit: AlarmLimit, values: [Double], active: Bool) {
        var alarm = AlarmStateMachine(definition: AlarmDefinition(id: "a", priority: .medium, trigger: .limit(limit)))
        for (t, v) in values.enumerated() {
            _ = alarm.update(sample: Sample(value: v, quality: .good, time: Double(t)), at: Double(t))
        }
        #expect(alarm.isActive == active)
        #expect(alarm.value == values.last)
    }

    @Test func aBadSampleNeitherRaisesNorClearsALimitAlarm() {
        let definition = AlarmDefinition(id: "do.low", priority: .high, trigger: .limit(AlarmLimit(.low, 1.0)))
        var alarm = AlarmStateMachine(definition: definition)
        _ = alarm.update(sample: Sample(value: 0.5, quality: .good, time: 0), at: 0)
        let event = alarm.update(sample: Sample(value: 5, quality: .bad, time: 1), at: 1)
        #expect(event == nil)
        #expect(alarm.state == .unacknowledged)
    }

    @Test func eventsCarryTimeValueAndWho() throws {
        let definition = AlarmDefinition(id: "do.low", priority: .high, trigger: .limit(AlarmLimit(.low, 1.0)))
        var alarm = AlarmStateMachine(definition: definition)
        let came = alarm.update(sample: Sample(value: 0.8, quality: .good, time: 12), at: 12)
        #expect(came == AlarmEvent(time: 12, alarmID: "do.low", from: .normal, to: .unacknowledged,
                                   cause: .process, value: 0.8, by: nil))
        let ack = try alarm.acknowledge(by: "maria", at: 15)
        #expect(ack == AlarmEvent(time: 15, alarmID: "do.low", from: .unacknowledged, to: .acknowledged,
                                  cause: .acknowledged, value: 0.8, by: "maria"))
        #expect(alarm.since == 15)
    }

    @Test func refusedCommandsSayWhy() throws {
        var alarm = AlarmStateMachine(definition: AlarmDefinition(id: "a", priority: .high, maxShelveMinutes: 60))
        #expect(throws: AlarmCommandError.nothingToAcknowledge(.normal)) { try alarm.acknowledge(by: "op", at: 0) }
        #expect(throws: AlarmCommandError.invalidShelveTime(requestedMinutes: 61, maximumMinutes: 60)) {
            try alarm.shelve(minutes: 61, by: "op", at: 0)
        }
        #expect(throws: AlarmCommandError.invalidShelveTime(requestedMinutes: 0, maximumMinutes: 60)) {
            try alarm.shelve(minutes: 0, by: "op", at: 0)
        }
        #expect(throws: AlarmCommandError.notShelved) { try alarm.unshelve(by: "op", at: 0) }
        #expect(throws: AlarmCommandError.inService) { try alarm.returnToService(by: "op", at: 0) }
        _ = try alarm.removeFromService(by: "tech", at: 1)
        #expect(throws: AlarmCommandError.outOfService) { try alarm.shelve(minutes: 5, by: "op", at: 2) }
        var critical = AlarmStateMachine(definition: AlarmDefinition(id: "c", priority: .critical, maxShelveMinutes: 0))
        #expect(throws: AlarmCommandError.shelvingNotAllowed) { try critical.shelve(minutes: 5, by: "op", at: 0) }
        #expect(alarm.state == .outOfService)
    }
}
