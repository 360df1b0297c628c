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

        /// The sample as a reader at `now` sees it: a `good`/`outOfRange` value older than
        /// `staleAfter` is `stale`.
        func sample(at now: MonotonicInstant) -> PointSample {
            var sample = sample
            if let limit = staleAfter, sample.quality == .good || sample.quality == .outOfRange, now - sample.time > limit {
                sample.quality = .stale
            }
            return sample
        }
    }

    struct State {
        /// Entries by slot; `slots` maps keys to them. Slots never move, so a bus thread can
        /// update by ``PointHandle`` without hashing keys on every poll.
        var entries: [Entry] = []
        var slots: [String: Int] = [:]
        /// Write requests by output slot; `outputSlots` maps keys to them.
        var outputs: [OutputEntry] = []
        var outputSlots: [String: Int] = [:]
        /// Bumped whenever a point is added, so a reader holding unresolved keys knows when
        /// to look them up again.
        var generation = 0

        mutating func slot(_ key: String, or sample: PointSample) -> Int {
            if let slot = slots[key] { return slot }
            entries.append(Entry(sample: sample, staleAfter: nil))
            slots[key] = entries.count - 1
            generation += 1
            return entries.count - 1
        }
    }

    let state = Mutex(State())

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

    /// The handle of a registered point, nil when no one registered or updated `key` yet.
    public func handle(_ key: String) -> PointHandle? {
        state.withLock { state in state.slots[key].map(PointHandle.init) }
    }

    /// Changes whenever a point is added: a reader whose keys did not all resolve looks
    /// them up again only when this moved.
    public var generation: Int { state.withLock { $0.generation } }

    /// Copies the samples of `handles` into `samples` (same indices, staleness applied at
    /// `now`) under one lock and without allocating: the scan's read of the image. A nil
    /// handle (point unknown) reads `notYetRead` with a NaN value at `now`. Returns the
    /// image's ``generation`` at the read, so the reader needs no second lock to learn of new points.
    @discardableResult
    public func read(_ handles: [PointHandle?], into samples: inout [PointSample], at now: MonotonicInstant) -> Int {
        state.withLock { state in
            for index in handles.indices {
                guard let slot = handles[index]?.slot else {
                    samples[index] = PointSample(value: .nan, quality: .notYetRead, time: now)
                    continue
                }
                samples[index] = state.entries[slot].sample(at: now)
            }
            return state.generation
        }
    }

    /// All samples, with `good`/`outOfRange` values older than their `staleAfter` at
    /// `now` reported `stale`.
    public func snapshot(at now: MonotonicInstant) -> [String: PointSample] {
        state.withLock { state in
            state.slots.mapValues { state.entries[$0].sample(at: now) }
        }
    }
}

/// A registered point's slot in a ``PointImage``: updates by handle skip the key lookup.
public struct PointHandle: Sendable, Hashable {
    let slot: Int
}
