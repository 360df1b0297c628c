/// A condition that forbids running this scan.
public struct InterlockReason: Sendable, Equatable {
    /// The condition's name.
    public var condition: String
    public var kind: InterlockConditionKind
    /// True when the input was bad or missing rather than in its unsafe state.
    public var unknown: Bool

    public init(condition: String, kind: InterlockConditionKind, unknown: Bool = false) {
        self.condition = condition
        self.kind = kind
        self.unknown = unknown
    }
}

/// A technician's bypass of one condition.
public struct InterlockBypass: Sendable, Equatable {
    public var condition: String
    /// Expiry, monotonic seconds.
    public var until: Double
    /// Who set it.
    public var by: String

    public init(condition: String, until: Double, by: String) {
        self.condition = condition
        self.until = until
        self.by = by
    }
}

/// One scan's verdict of an interlock.
public struct InterlockResult: Sendable, Equatable {
    /// The equipment may run / the action may happen.
    public var allowed: Bool
    /// Conditions unsafe now (bypassed ones excluded), in definition order.
    public var reasons: [InterlockReason]
    /// The condition that tripped the interlock first; kept while latched.
    public var firstOut: String?
    /// Tripped and held by the latch (possibly with no reason left, awaiting reset).
    public var latched: Bool
    /// Bypasses in force.
    public var bypasses: [InterlockBypass]

    public var tripped: Bool { !allowed }
}

/// Why an interlock command was refused.
public enum InterlockCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCondition(String)
    case notBypassable(String)
    /// Asked for no time, or more than the maximum, minutes.
    case invalidBypassTime(requestedMinutes: Double, maximumMinutes: Double)
    /// Reset refused: these conditions are still unsafe.
    case causePersists([String])

    public var description: String {
        switch self {
        case let .unknownCondition(name): "no interlock condition named \(name)"
        case let .notBypassable(name): "\(name) may not be bypassed"
        case let .invalidBypassTime(requested, maximum):
            "cannot bypass for \(requested) min: allowed is more than 0 and up to \(maximum) min"
        case let .causePersists(names): "cannot reset: still \(names.joined(separator: ", "))"
        }
    }
}
