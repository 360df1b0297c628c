/// One alarm's ISA-18.2 state machine: delays and deadband on the process condition, the
/// A–D acknowledgement cycle, and shelving, suppression by design and out of service
/// masking it. Pure: update it every scan with the condition and the scan time (seconds).
///
/// While masked (shelved, suppressed, out of service) the condition is still tracked, and
/// on unmasking the alarm takes the state the process calls for: unacknowledged if active
/// (the operator must see it), normal otherwise.
public struct AlarmStateMachine: Sendable {
    public let definition: AlarmDefinition
    public private(set) var state: AlarmState = .normal
    /// Time of the last transition, seconds.
    public private(set) var since: Double = 0
    /// The process condition after deadband and on/off delays.
    public private(set) var isActive = false
    /// The last process value handed in, for display and the event log.
    public private(set) var value: Double?
    /// End of the current shelving, seconds; nil when not shelved.
    public private(set) var shelvedUntil: Double?
    public private(set) var isSuppressed = false
    public private(set) var isInService = true

    /// The condition after deadband, before delays, and since when it has held.
    private var isConditionMet = false
    private var conditionSince = 0.0

    public init(definition: AlarmDefinition) {
        self.definition = definition
    }

    public var id: String { definition.id }

    /// Evaluates a `.condition` alarm. `value` is only logged. Returns the transition, if any.
    public mutating func update(condition: Bool, value: Double? = nil, suppressedByDesign: Bool = false,
                                at time: Double) -> AlarmEvent? {
        step(conditionMet: condition, value: value, suppressed: suppressedByDesign, at: time)
    }

    /// Evaluates a `.limit` alarm on `sample`. An unusable sample neither raises nor clears
    /// the alarm (its bad-quality alarm reports it). Returns the transition, if any.
    public mutating func update(sample: Sample, suppressedByDesign: Bool = false, at time: Double) -> AlarmEvent? {
        var met: Bool?
        if case let .limit(limit) = definition.trigger, sample.isUsable {
            met = limit.isExceeded(by: sample.value, wasExceeded: isConditionMet)
        }
        return step(conditionMet: met, value: sample.value, suppressed: suppressedByDesign, at: time)
    }

    /// B -> C, D -> A. Fails when there is nothing to acknowledge.
    public mutating func acknowledge(by user: String, at time: Double) throws(AlarmCommandError) -> AlarmEvent {
        let next: AlarmState
        switch state {
        case .unacknowledged: next = .acknowledged
        case .returnedUnacknowledged: next = .normal
        default: throw .nothingToAcknowledge(state)
        }
        return transition(to: next, cause: .acknowledged, by: user, at: time)
    }

    /// Shelves the alarm for `minutes` (up to the definition's maximum). Shelving again
    /// replaces the expiry. Always logged, even when a stronger mask hides the change.
    public mutating func shelve(minutes: Double, by user: String, at time: Double) throws(AlarmCommandError)
        -> AlarmEvent {
        guard isInService else { throw .outOfService }
        let maximum = definition.maxShelveMinutes
        guard maximum > 0 else { throw .shelvingNotAllowed }
        guard minutes > 0, minutes <= maximum else {
            throw .invalidShelveTime(requestedMinutes: minutes, maximumMinutes: maximum)
        }
        shelvedUntil = time + minutes * 60
        return transition(to: settledState(), cause: .shelved, by: user, at: time)
    }

    /// Ends shelving before its expiry.
    public mutating func unshelve(by user: String, at time: Double) throws(AlarmCommandError) -> AlarmEvent {
        guard shelvedUntil != nil else { throw .notShelved }
        shelvedUntil = nil
        return transition(to: settledState(), cause: .unshelved, by: user, at: time)
    }

    /// Takes the alarm out of service (instrument under maintenance); clears any shelving.
    public mutating func removeFromService(by user: String, at time: Double) throws(AlarmCommandError)
        -> AlarmEvent {
        guard isInService else { throw .outOfService }
        isInService = false
        shelvedUntil = nil
        return transition(to: settledState(), cause: .removedFromService, by: user, at: time)
    }

    /// Puts the alarm back in service.
    public mutating func returnToService(by user: String, at time: Double) throws(AlarmCommandError) -> AlarmEvent {
        guard !isInService else { throw .inService }
        isInService = true
        return transition(to: settledState(), cause: .returnedToService, by: user, at: time)
    }

    private mutating func step(conditionMet: Bool?, value: Double?, suppressed: Bool, at time: Double) -> AlarmEvent? {
        if let value { self.value = value }
        if let conditionMet, conditionMet != isConditionMet {
            isConditionMet = conditionMet
            conditionSince = time
        }
        if isConditionMet != isActive,
           time - conditionSince >= (isConditionMet ? definition.onDelay : definition.offDelay) {
            isActive = isConditionMet
        }
        var cause = AlarmCause.process
        if suppressed != isSuppressed {
            isSuppressed = suppressed
            cause = suppressed ? .suppressed : .unsuppressed
        } else if let until = shelvedUntil, time >= until {
            shelvedUntil = nil
            cause = .shelveExpired
        }
        let next = settledState()
        guard next != state else { return nil }
        return transition(to: next, cause: cause, by: nil, at: time)
    }

    /// The state the masks and the process call for now.
    private func settledState() -> AlarmState {
        if !isInService { return .outOfService }
        if isSuppressed { return .suppressedByDesign }
        if shelvedUntil != nil { return .shelved }
        switch (state, isActive) {
        case (.normal, true), (.returnedUnacknowledged, true): return .unacknowledged
        case (.unacknowledged, false): return .returnedUnacknowledged
        // ISA-18.2: a latching alarm stays to be acknowledged after the process recovers.
        case (.acknowledged, false): return definition.latching ? .returnedUnacknowledged : .normal
        case (.shelved, _), (.suppressedByDesign, _), (.outOfService, _): return isActive ? .unacknowledged : .normal
        default: return state
        }
    }

    private mutating func transition(to next: AlarmState, cause: AlarmCause, by user: String?,
                                     at time: Double) -> AlarmEvent {
        let event = AlarmEvent(time: time, alarmID: definition.id, from: state, to: next, cause: cause,
                               value: value, by: user)
        if next != state { since = time }
        state = next
        return event
    }
}
