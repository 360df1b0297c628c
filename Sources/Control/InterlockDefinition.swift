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
    /// Names must be unique within the interlock: bypasses and reasons refer to them.
    public var conditions: [InterlockCondition]
    /// A latching interlock stays tripped after its conditions clear, until reset.
    public var latching: Bool
    /// Longest bypass a technician may set, minutes.
    public var maxBypassMinutes: Double
    /// Whether an unknown (bad) input latches as a real trip does. False for an e-stop: a
    /// bad input holds everything safe while it lasts, but only a reading latches, so a unit
    /// does not wait for a reset after its first poll or a bus hiccup.
    public var latchesOnUnknown: Bool

    public init(name: String, conditions: [InterlockCondition], latching: Bool = false,
                maxBypassMinutes: Double = 60, latchesOnUnknown: Bool = true) {
        self.name = name
        self.conditions = conditions
        self.latching = latching
        self.maxBypassMinutes = maxBypassMinutes
        self.latchesOnUnknown = latchesOnUnknown
    }
}
