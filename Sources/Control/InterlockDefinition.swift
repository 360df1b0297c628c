/// Whether a condition must be true or false for the equipment to run.
public enum InterlockConditionKind: String, Sendable, CaseIterable {
    /// Must be true to allow (e.g. "flow present", "chemical level not low").
    case permissive
    /// Trips when true (e.g. "motor temperature high", "e-stop pressed").
    case trip
}

/// One named condition of an interlock, fed a boolean each scan.
public struct InterlockCondition: Sendable, Equatable {
    /// Shown to the operator as the reason, e.g. `"no flow"` or `"motor temperature high"`.
    public var name: String
    public var kind: InterlockConditionKind
    /// Whether a technician may bypass it; an e-stop never may.
    public var bypassable: Bool

    public init(_ name: String, _ kind: InterlockConditionKind, bypassable: Bool = true) {
        self.name = name
        self.kind = kind
        self.bypassable = bypassable
    }

    /// Whether `input` forbids running. An unknown input (bad quality) is unsafe.
    public func isUnsafe(_ input: Bool?) -> Bool {
        guard let input else { return true }
        return kind == .permissive ? !input : input
    }
}

/// A named group of conditions guarding one piece of equipment or one action.
public struct InterlockDefinition: Sendable, Equatable {
    /// E.g. `"acid dosing"`, `"blower 1"`.
    public var name: String
    /// In priority order: when several go unsafe in the same scan the first is the first-out.
    public var conditions: [InterlockCondition]
    /// A latching interlock stays tripped after its conditions clear, until reset.
    public var latching: Bool
    /// Longest bypass a technician may set, minutes.
    public var maxBypassMinutes: Double

    public init(name: String, conditions: [InterlockCondition], latching: Bool = false,
                maxBypassMinutes: Double = 60) {
        self.name = name
        self.conditions = conditions
        self.latching = latching
        self.maxBypassMinutes = maxBypassMinutes
    }
}

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
