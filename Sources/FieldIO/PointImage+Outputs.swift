import HAL

/// One output's write request and, when guarded, its safe value and maximum age.
struct OutputEntry {
    var desired: Double?
    /// When the program last refreshed `desired` (nil: set without a time, e.g. `floc write`).
    var refreshed: MonotonicInstant?
    var safe: Double?
    var maxAge: Duration?
    /// The refresh is older than `maxAge`: pollers write `safe` instead of `desired`.
    var expired = false

    /// When the guard runs out, nil for an unguarded output or one without a timed refresh.
    var expiry: MonotonicInstant? {
        guard let maxAge, safe != nil, let refreshed else { return nil }
        return refreshed + maxAge
    }
}

/// The slot of an output in a ``PointImage``: the scan refreshes it without a key lookup.
public struct OutputHandle: Sendable, Hashable {
    let slot: Int
}

/// What a poller should write to a set of outputs now, with the guards that changed.
public struct DesiredOutputs: Sendable, Equatable {
    /// The value to write by key: the program's, or the safe value of an expired output.
    public var values: [String: Double] = [:]
    /// Outputs whose maximum age ran out in this call (their safe value is in `values`).
    public var expired: [String] = []
    /// Outputs refreshed again after having expired in an earlier call.
    public var recovered: [String] = []
    /// The earliest instant a guarded output in the set will expire if not refreshed.
    public var nextExpiry: MonotonicInstant?

    public init() {}
}

extension PointImage {
    /// Gives `key` a safe value and a maximum age (an ``OutputGuard``): from `now` on, a desired
    /// value not refreshed (``setDesired(_:values:at:)``) within `maxAge` is replaced by `safe` for
    /// every poller, which writes it and reports it once. Sets the desired value to `safe`.
    @discardableResult
    public func guardOutput(_ output: OutputGuard, at now: MonotonicInstant) -> OutputHandle {
        state.withLock { state in
            let slot = state.outputSlot(output.key)
            state.outputs[slot] = OutputEntry(desired: output.safe, refreshed: now, safe: output.safe, maxAge: output.maxAge)
            return OutputHandle(slot: slot)
        }
    }

    /// The handle of `key`'s write request, creating an empty one.
    public func outputHandle(_ key: String) -> OutputHandle {
        state.withLock { OutputHandle(slot: $0.outputSlot(key)) }
    }

    /// Asks the poller owning `key` to write `value` (engineering units). Untimed: it does
    /// not refresh a guard (the value of a guarded output expires as before).
    public func setDesired(_ value: Double, for key: String) {
        state.withLock { state in
            let slot = state.outputSlot(key)
            state.outputs[slot].desired = value
        }
    }

    /// The scan's refresh of its outputs: `values[i]` for `handles[i]`, refreshed at `now`,
    /// under one lock; nil leaves that output as it was (and lets its guard run on).
    public func setDesired(_ handles: [OutputHandle], values: [Double?], at now: MonotonicInstant) {
        state.withLock { state in
            for (handle, value) in zip(handles, values) {
                guard let value else { continue }
                state.outputs[handle.slot].desired = value
                state.outputs[handle.slot].refreshed = now
            }
        }
    }

    /// Withdraws a write request: the poller stops refreshing the point.
    public func clearDesired(_ key: String) {
        state.withLock { state in
            guard let slot = state.outputSlots[key] else { return }
            state.outputs[slot].desired = nil
            state.outputs[slot].refreshed = nil
        }
    }

    /// The value someone wants written to `key`, if any (guards not applied).
    public func desired(_ key: String) -> Double? {
        state.withLock { state in state.outputSlots[key].flatMap { state.outputs[$0].desired } }
    }

    /// The desired values of `keys` that are set (guards not applied).
    public func desired(_ keys: [String]) -> [String: Double] {
        state.withLock { state in
            var result: [String: Double] = [:]
            for key in keys { result[key] = state.outputSlots[key].flatMap { state.outputs[$0].desired } }
            return result
        }
    }

    /// What to write to `keys` at `now`, guards applied: an output whose refresh is older
    /// than its maximum age gives its safe value, and the change is reported once.
    public func desired(_ keys: [String], at now: MonotonicInstant) -> DesiredOutputs {
        state.withLock { state in
            var result = DesiredOutputs()
            for key in keys {
                guard let slot = state.outputSlots[key] else { continue }
                var entry = state.outputs[slot]
                let expired = entry.expiry.map { now >= $0 } ?? false
                if expired != entry.expired {
                    if expired { result.expired.append(key) } else { result.recovered.append(key) }
                    entry.expired = expired
                    state.outputs[slot] = entry
                }
                if expired {
                    result.values[key] = entry.safe
                } else if let value = entry.desired {
                    result.values[key] = value
                    if let expiry = entry.expiry { result.nextExpiry = min(result.nextExpiry ?? expiry, expiry) }
                }
            }
            return result
        }
    }

    /// Whether `key` is guarded and its maximum age ran out (as last seen by a poller).
    public func isExpired(_ key: String) -> Bool {
        state.withLock { state in state.outputSlots[key].map { state.outputs[$0].expired } ?? false }
    }
}

extension PointImage.State {
    mutating func outputSlot(_ key: String) -> Int {
        if let slot = outputSlots[key] { return slot }
        outputs.append(OutputEntry())
        outputSlots[key] = outputs.count - 1
        return outputs.count - 1
    }
}
