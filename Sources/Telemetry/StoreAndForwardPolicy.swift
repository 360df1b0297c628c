/// How full a ``StoreAndForwardQueue`` may get, and what happens at the limit.
public struct StoreAndForwardBound: Sendable, Equatable {
    /// What to do with a new record when the queue holds `maxRecords`.
    public enum Policy: Sendable, Equatable {
        /// Delete the oldest undelivered record to make room (counted as dropped).
        case dropOldest
        /// Keep the backlog and refuse the new record (counted as dropped).
        case refuseNew
    }

    /// Undelivered records the queue keeps at most for each uplink.
    public var maxRecords: Int
    /// Undelivered records older than this (ms, against the newest append's timestamp)
    /// are dropped; `nil` keeps them for ever.
    public var maxAgeMilliseconds: Int64?
    public var policy: Policy
    /// Fraction of `maxRecords` (and of `maxAgeMilliseconds`) at which the high-water alarm is
    /// raised, strictly before anything would be dropped. 0 < highWater < 1.
    public var highWater: Double

    public init(maxRecords: Int, maxAgeMilliseconds: Int64? = nil, policy: Policy = .dropOldest,
                highWater: Double = 0.8) {
        precondition(maxRecords > 0 && highWater > 0 && highWater < 1, "bound out of range")
        self.maxRecords = maxRecords
        self.maxAgeMilliseconds = maxAgeMilliseconds
        self.policy = policy
        self.highWater = highWater
    }

    /// Records at which the alarm rises: at least one below `maxRecords`.
    var highWaterRecords: Int { min(maxRecords - 1, max(1, Int(Double(maxRecords) * highWater))) }
}

/// The high-water alarm of one uplink in a ``StoreAndForwardQueue``; raised before anything is dropped.
public struct StoreAndForwardAlarm: Sendable, Equatable {
    /// The uplink whose backlog crossed (or fell back below) high water.
    public var uplink: String
    public var active: Bool
    /// The uplink's undelivered records when the alarm changed state.
    public var records: Int
    /// Age (ms) of the oldest undelivered record when the alarm changed state.
    public var oldestAgeMilliseconds: Int64
}

/// Lifetime counters of one uplink in a ``StoreAndForwardQueue``; persisted with the queue.
public struct StoreAndForwardCounters: Sendable, Equatable {
    public var stored: Int64 = 0
    public var delivered: Int64 = 0
    public var dropped: Int64 = 0

    public init(stored: Int64 = 0, delivered: Int64 = 0, dropped: Int64 = 0) {
        self.stored = stored
        self.delivered = delivered
        self.dropped = dropped
    }
}

/// One record waiting for (or refused by) an uplink.
public struct StoredRecord: Sendable, Equatable {
    /// Assigned by the queue, strictly increasing, never reused (SQLite AUTOINCREMENT).
    public var sequence: Int64
    public var uplink: String
    /// Sample time, milliseconds since 1970-01-01 UTC.
    public var timestampMilliseconds: Int64
    public var payload: [UInt8]
}

/// What ``StoreAndForwardQueue/append(uplink:timestampMilliseconds:payload:)`` did.
public enum AppendOutcome: Sendable, Equatable {
    /// Committed to disk under this sequence; `droppedOldest` records were deleted to make room.
    case stored(sequence: Int64, droppedOldest: Int)
    /// Not stored: the queue is full and the policy is ``StoreAndForwardBound/Policy/refuseNew``.
    case refused
}
