import HAL

/// Debounce of one digital input: a new level counts only once the raw line has held it
/// for `hold` without interruption (a float switch in a choppy tank, a contact that bounces).
public struct Debouncer: Sendable {
    public let hold: Duration
    /// The debounced level; nil until the first reading.
    public private(set) var level: Bool?
    private var candidate: Bool?
    private var candidateSince = MonotonicInstant.zero

    public init(hold: Duration) { self.hold = hold }

    /// Feeds one raw reading taken at `time`; returns the debounced level.
    /// The first reading is taken as-is: at start-up there is no earlier level to keep.
    @discardableResult
    public mutating func update(raw: Bool, at time: MonotonicInstant) -> Bool {
        guard let current = level else {
            level = raw
            return raw
        }
        if raw == current {
            candidate = nil
        } else if candidate != raw {
            candidate = raw
            candidateSince = time
        }
        if let candidate, time - candidateSince >= hold {
            level = candidate
            self.candidate = nil
        }
        return level ?? raw
    }
}
