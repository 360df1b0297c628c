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
        var entries: [String: Entry] = [:]
        var desired: [String: Double] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// The key of a point: `"<device>.<point>"`.
    public static func key(device: String, point: String) -> String { "\(device).\(point)" }

    /// Declares a point, `notYetRead`, with the age after which a good value turns stale.
    public func register(_ key: String, staleAfter: Duration?, at time: MonotonicInstant) {
        state.withLock { state in
            state.entries[key] = Entry(sample: .notYetRead(at: time), staleAfter: staleAfter)
        }
    }

    /// Stores the latest samples (one lock for a whole request's points).
    public func update(_ samples: [String: PointSample]) {
        state.withLock { state in
            for (key, sample) in samples {
                state.entries[key, default: Entry(sample: sample, staleAfter: nil)].sample = sample
            }
        }
    }

    /// Stores the samples of one request: `samples[i]` for `keys[i]`, under one lock.
    public func update(keys: [String], samples: [PointSample]) {
        state.withLock { state in
            for (key, sample) in zip(keys, samples) {
                state.entries[key, default: Entry(sample: sample, staleAfter: nil)].sample = sample
            }
        }
    }

    /// Sets the quality of points whose request failed, keeping their last values.
    public func fail(_ keys: [String], quality: PointQuality, at time: MonotonicInstant) {
        state.withLock { state in
            for key in keys {
                guard var entry = state.entries[key] else { continue }
                // A failure is news only once: keep the time of the first failure so the
                // console can say "comm-fail since ...".
                if entry.sample.quality != quality { entry.sample.time = time }
                entry.sample.quality = quality
                state.entries[key] = entry
            }
        }
    }

    /// One sample as stored, without staleness applied.
    public func sample(_ key: String) -> PointSample? {
        state.withLock { $0.entries[key]?.sample }
    }

    /// All samples, with `good`/`outOfRange` values older than their `staleAfter` at
    /// `now` reported `stale`.
    public func snapshot(at now: MonotonicInstant) -> [String: PointSample] {
        state.withLock { state in
            state.entries.mapValues { entry in
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
