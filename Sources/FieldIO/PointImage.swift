import HAL
import Synchronization

/// The latest value of every field point, keyed `"<device>.<point>"`, plus the
/// values others want written.
///
/// Bus threads write samples; anyone takes a snapshot. Staleness is applied by the
/// reader (``snapshot(at:)``), so a bus thread that hangs cannot hide that its values
/// stopped moving. Desired values are set by the scan (or `floc write`) and picked up
/// by the owning bus poller, which writes them on change and refreshes them periodically.
public final class PointImage: Sendable {
    struct Entry {
        var sample: PointSample
        /// Nil: never stale (e.g. write-only points).
        var staleAfter: Duration?
    }

    struct State {
        /// Entries by slot; `slots` maps keys to them. Slots never move, so a bus thread can
        /// update by ``PointHandle`` without hashing keys on every poll.
        var entries: [Entry] = []
        var slots: [String: Int] = [:]
        var desired: [String: Double] = [:]

        mutating func slot(_ key: String, or sample: PointSample) -> Int {
            if let slot = slots[key] { return slot }
            entries.append(Entry(sample: sample, staleAfter: nil))
            slots[key] = entries.count - 1
            return entries.count - 1
        }
    }

    private let state = Mutex(State())

    public init() {}

    /// The key of a point: `"<device>.<point>"`.
    public static func key(device: String, point: String) -> String { "\(device).\(point)" }

    /// Declares a point, `notYetRead`, with the age after which a good value turns stale;
    /// the handle updates it without a key lookup.
    @discardableResult
    public func register(_ key: String, staleAfter: Duration?, at time: MonotonicInstant) -> PointHandle {
        state.withLock { state in
            let slot = state.slot(key, or: .notYetRead(at: time))
            state.entries[slot] = Entry(sample: .notYetRead(at: time), staleAfter: staleAfter)
            return PointHandle(slot: slot)
        }
    }

    /// Stores the latest samples (one lock for a whole request's points).
    public func update(_ samples: [String: PointSample]) {
        state.withLock { state in
            for (key, sample) in samples {
                state.entries[state.slot(key, or: sample)].sample = sample
            }
        }
    }

    /// Stores the samples of one request: `samples[i]` for `handles[i]`, under one lock.
    public func update(_ handles: [PointHandle], samples: [PointSample]) {
        state.withLock { state in
            for (handle, sample) in zip(handles, samples) {
                state.entries[handle.slot].sample = sample
            }
        }
    }

    /// Sets the quality of points whose request failed, keeping their last values.
    public func fail(_ keys: [String], quality: PointQuality, at time: MonotonicInstant) {
        state.withLock { state in
            for key in keys {
                guard let slot = state.slots[key] else { continue }
                var entry = state.entries[slot]
                // A failure is news only once: keep the time of the first failure so the
                // console can say "comm-fail since ...".
                if entry.sample.quality != quality { entry.sample.time = time }
                entry.sample.quality = quality
                state.entries[slot] = entry
            }
        }
    }

    /// One sample as stored, without staleness applied.
    public func sample(_ key: String) -> PointSample? {
        state.withLock { state in state.slots[key].map { state.entries[$0].sample } }
    }

    /// All samples, with `good`/`outOfRange` values older than their `staleAfter` at
    /// `now` reported `stale`.
    public func snapshot(at now: MonotonicInstant) -> [String: PointSample] {
        state.withLock { state in
            state.slots.mapValues { slot in
                let entry = state.entries[slot]
                var sample = entry.sample
                if let limit = entry.staleAfter, sample.quality == .good || sample.quality == .outOfRange,
                   now - sample.time > limit {
                    sample.quality = .stale
                }
                return sample
            }
        }
    }

    /// Asks the bus poller owning `key` to write `value` (engineering units).
    public func setDesired(_ value: Double, for key: String) {
        state.withLock { $0.desired[key] = value }
    }

    /// Withdraws a write request: the poller stops refreshing the point.
    public func clearDesired(_ key: String) {
        _ = state.withLock { $0.desired.removeValue(forKey: key) }
    }

    /// The value someone wants written to `key`, if any.
    public func desired(_ key: String) -> Double? {
        state.withLock { $0.desired[key] }
    }

    /// The desired values of `keys` that are set.
    public func desired(_ keys: [String]) -> [String: Double] {
        state.withLock { state in
            var result: [String: Double] = [:]
            for key in keys { result[key] = state.desired[key] }
            return result
        }
    }
}

/// A registered point's slot in a ``PointImage``: updates by handle skip the key lookup.
public struct PointHandle: Sendable, Hashable {
    let slot: Int
}
