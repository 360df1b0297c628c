/// A permissive/trip interlock over booleans, evaluated once per scan: allowed or tripped,
/// with the reasons, the first-out condition, an optional latch that holds the trip until
/// a reset, and technician bypasses with an expiry. Pure: time is handed in (seconds).
public struct Interlock: Sendable {
    public let definition: InterlockDefinition
    /// Tripped and waiting for a reset (latching interlocks only).
    public private(set) var isLatched = false
    /// Index of the first-out condition of the present trip.
    public private(set) var firstOut: Int?
    public private(set) var bypasses: [InterlockBypass] = []
    /// Conditions unsafe at the last evaluation (before bypass), by index.
    private var unsafe: [Bool]

    public init(definition: InterlockDefinition) {
        self.definition = definition
        unsafe = Array(repeating: false, count: definition.conditions.count)
    }

    public var name: String { definition.name }

    /// Evaluates the interlock on this scan's inputs, one per condition in definition
    /// order; nil (bad quality) or a missing input counts as unsafe, so a lost signal stops
    /// the equipment rather than letting it run blind.
    public mutating func evaluate(_ inputs: [Bool?], at time: Double) -> InterlockResult {
        bypasses.removeAll { time >= $0.until }
        var reasons: [InterlockReason] = []
        var firstUnsafe: Int?
        for (index, condition) in definition.conditions.enumerated() {
            let input = index < inputs.count ? inputs[index] : nil
            unsafe[index] = condition.isUnsafe(input)
            if unsafe[index], !isBypassed(condition.name) {
                reasons.append(InterlockReason(condition: condition.name, kind: condition.kind, unknown: input == nil))
                firstUnsafe = firstUnsafe ?? index
            }
        }
        if let firstUnsafe {
            // Only the trip's first cause: later ones are consequences the operator need not chase.
            firstOut = firstOut ?? firstUnsafe
            if definition.latching, definition.latchesOnUnknown || reasons.contains(where: { !$0.unknown }) { isLatched = true }
        } else if !isLatched {
            firstOut = nil
        }
        return InterlockResult(allowed: reasons.isEmpty && !isLatched, reasons: reasons,
                               firstOut: firstOut.map { definition.conditions[$0].name }, latched: isLatched,
                               bypasses: bypasses)
    }

    /// Clears a latched trip. Refused while a condition is still unsafe (bypassed ones
    /// excepted): resetting into a standing fault would only trip again, or worse, not.
    public mutating func reset() throws(InterlockCommandError) {
        let persisting = definition.conditions.indices
            .filter { unsafe[$0] && !isBypassed(definition.conditions[$0].name) }
            .map { definition.conditions[$0].name }
        guard persisting.isEmpty else { throw .causePersists(persisting) }
        isLatched = false
        firstOut = nil
    }

    /// Bypasses `condition` for `minutes` (up to the definition's maximum); bypassing again
    /// replaces the expiry. A bypass does not clear a latch: that still needs a reset.
    public mutating func bypass(_ condition: String, minutes: Double, by user: String, at time: Double)
        throws(InterlockCommandError) {
        guard let spec = definition.conditions.first(where: { $0.name == condition }) else {
            throw .unknownCondition(condition)
        }
        guard spec.bypassable else { throw .notBypassable(condition) }
        guard minutes > 0, minutes <= definition.maxBypassMinutes else {
            throw .invalidBypassTime(requestedMinutes: minutes, maximumMinutes: definition.maxBypassMinutes)
        }
        bypasses.removeAll { $0.condition == condition }
        bypasses.append(InterlockBypass(condition: condition, until: time + minutes * 60, by: user))
    }

    /// Ends a bypass before its expiry.
    public mutating func removeBypass(_ condition: String) throws(InterlockCommandError) {
        guard definition.conditions.contains(where: { $0.name == condition }) else {
            throw .unknownCondition(condition)
        }
        bypasses.removeAll { $0.condition == condition }
    }

    private func isBypassed(_ condition: String) -> Bool {
        bypasses.contains { $0.condition == condition }
    }
}
