/// Escalation for a bus whose poller makes no successful transaction: after `alarmAfter`
/// seconds the bus is alarmed, after `safeAfter` the loops that depend on it are held safe,
/// and one success returns it to normal. Pure: the caller supplies counts and time.
public struct BusStallTracker: Sendable {
    public enum Stage: Int, Sendable, Comparable, CustomStringConvertible {
        case normal, alarm, safe
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String { ["normal", "alarm", "safe"][rawValue] }
    }

    /// A change of stage of one bus, with how long it had been without a success (s).
    public struct Transition: Sendable, Equatable {
        public var bus: String
        public var from: Stage
        public var to: Stage
        public var silentFor: Double
    }

    /// Seconds.
    public let alarmAfter: Double
    public let safeAfter: Double
    private var buses: [String: (successes: Int, since: Double, stage: Stage)] = [:]

    public init(alarmAfter: Double, safeAfter: Double) {
        self.alarmAfter = alarmAfter
        self.safeAfter = max(safeAfter, alarmAfter)
    }

    /// Feeds one bus's count of successful transactions at `now` (seconds); the first call
    /// for a bus starts its clock. Returns the stage change, if any.
    public mutating func update(bus: String, successes: Int, now: Double) -> Transition? {
        guard let known = buses[bus] else {
            buses[bus] = (successes, now, .normal)
            return nil
        }
        let silent = successes > known.successes ? 0 : now - known.since
        let since = successes > known.successes ? now : known.since
        let stage: Stage = silent >= safeAfter ? .safe : silent >= alarmAfter ? .alarm : .normal
        buses[bus] = (successes, since, stage)
        return stage == known.stage ? nil : Transition(bus: bus, from: known.stage, to: stage, silentFor: now - known.since)
    }

    /// The present stage of `bus` (normal when never seen).
    public func stage(_ bus: String) -> Stage { buses[bus]?.stage ?? .normal }
}
