/// A configuration error in the alarm list.
public enum AlarmListError: Error, Sendable, Equatable {
    case duplicateID(String)
}

/// All alarms of a unit, in configuration order, and the events of their transitions
/// waiting to be written to the event log. Owned by the scan; operators' commands reach
/// it as scan commands. Events beyond `eventCapacity` drop the oldest and are counted.
///
/// Flood indication follows the ISA-18.2 performance metric: more than `floodThreshold` alarms
/// annunciated within `floodWindow` seconds (10 per 10 minutes) is a flood.
public struct AlarmList: Sendable {
    public private(set) var alarms: [AlarmStateMachine]
    /// Transitions not yet drained, oldest first.
    public private(set) var events: [AlarmEvent] = []
    /// Events lost because nobody drained them in time.
    public private(set) var droppedEvents = 0
    public let eventCapacity: Int
    /// Seconds over which new alarms are counted for flood indication.
    public var floodWindow: Double = 600
    /// More new alarms than this within `floodWindow` is a flood.
    public var floodThreshold: Int = 10

    private let indices: [String: Int]
    /// Times at which alarms came (entered unacknowledged), within the flood window.
    private var recentAlarms: [Double] = []

    public init(_ definitions: [AlarmDefinition], eventCapacity: Int = 1000) throws(AlarmListError) {
        var indices: [String: Int] = [:]
        for (index, definition) in definitions.enumerated() {
            guard indices.updateValue(index, forKey: definition.id) == nil else {
                throw .duplicateID(definition.id)
            }
        }
        self.indices = indices
        self.eventCapacity = max(1, eventCapacity)
        alarms = definitions.map(AlarmStateMachine.init(definition:))
    }

    /// The alarm named `id`, if configured.
    public subscript(id: String) -> AlarmStateMachine? { indices[id].map { alarms[$0] } }

    /// Evaluates a `.condition` alarm; call every scan for every alarm so that delays and
    /// shelving expire on time. An unknown id is ignored (ids are checked at load).
    public mutating func update(_ id: String, condition: Bool, value: Double? = nil,
                                suppressedByDesign: Bool = false, at time: Double) {
        guard let index = indices[id] else { return }
        record(alarms[index].update(condition: condition, value: value, suppressedByDesign: suppressedByDesign,
                                    at: time))
    }

    /// Evaluates a `.limit` alarm on `sample`; call every scan (see `update(_:condition:)`).
    public mutating func update(_ id: String, sample: Sample, suppressedByDesign: Bool = false, at time: Double) {
        guard let index = indices[id] else { return }
        record(alarms[index].update(sample: sample, suppressedByDesign: suppressedByDesign, at: time))
    }

    public mutating func acknowledge(_ id: String, by user: String, at time: Double) throws(AlarmCommandError) {
        let index = try index(of: id)
        record(try alarms[index].acknowledge(by: user, at: time))
    }

    /// Acknowledges every alarm awaiting it; returns how many.
    @discardableResult
    public mutating func acknowledgeAll(by user: String, at time: Double) -> Int {
        var count = 0
        for index in alarms.indices where alarms[index].state.needsAcknowledgement {
            record(try? alarms[index].acknowledge(by: user, at: time))
            count += 1
        }
        return count
    }

    public mutating func shelve(_ id: String, minutes: Double, by user: String, at time: Double)
        throws(AlarmCommandError) {
        let index = try index(of: id)
        record(try alarms[index].shelve(minutes: minutes, by: user, at: time))
    }

    public mutating func unshelve(_ id: String, by user: String, at time: Double) throws(AlarmCommandError) {
        let index = try index(of: id)
        record(try alarms[index].unshelve(by: user, at: time))
    }

    public mutating func removeFromService(_ id: String, by user: String, at time: Double)
        throws(AlarmCommandError) {
        let index = try index(of: id)
        record(try alarms[index].removeFromService(by: user, at: time))
    }

    public mutating func returnToService(_ id: String, by user: String, at time: Double)
        throws(AlarmCommandError) {
        let index = try index(of: id)
        record(try alarms[index].returnToService(by: user, at: time))
    }

    /// Hands over the pending events (oldest first) and forgets them.
    public mutating func drainEvents() -> [AlarmEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// Alarms on the operator's display: most urgent priority first, then oldest first.
    public var annunciated: [AlarmStateMachine] {
        alarms.filter(\.state.isAnnunciated).sorted {
            ($0.definition.priority, $0.since) < ($1.definition.priority, $1.since)
        }
    }

    /// Whether more than `floodThreshold` alarms came within the last `floodWindow` seconds.
    public func isFlooding(at time: Double) -> Bool {
        recentAlarms.lazy.filter { $0 > time - floodWindow }.count > floodThreshold
    }

    private func index(of id: String) throws(AlarmCommandError) -> Int {
        guard let index = indices[id] else { throw .unknownAlarm(id) }
        return index
    }

    private mutating func record(_ event: AlarmEvent?) {
        guard let event else { return }
        if event.to == .unacknowledged && event.from != .unacknowledged {
            recentAlarms.removeAll { $0 <= event.time - floodWindow }
            recentAlarms.append(event.time)
        }
        if events.count >= eventCapacity {
            events.removeFirst()
            droppedEvents += 1
        }
        events.append(event)
    }
}
