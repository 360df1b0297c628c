/// Why a validated sample lost quality. The raw value of each case is its bit in
/// `SensorValidationReasons`.
public enum SensorValidationReason: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// The sample arrived with bad quality (comm-fail, device exception, stale at the bus).
    case sourceBad = 0
    /// The sample arrived with uncertain quality.
    case sourceUncertain
    /// NaN or infinite value.
    case notFinite
    /// Below the instrument's minimum, beyond its tolerance.
    case belowRange
    /// Above the instrument's maximum, beyond its tolerance.
    case aboveRange
    /// Changed faster than the process can: a spike or a wiring fault.
    case rateOfChange
    /// No new measurement for longer than the stale time.
    case stale
    /// Value unchanged within epsilon for longer than the stuck time: a fouled or frozen probe.
    case stuck
    /// A technician holds the instrument: the last good value is substituted.
    case held

    /// The quality a sample keeps at most while this reason is active. A flat-line is only
    /// a suspicion (a quiet process also reads flat), so it leaves the value usable.
    public var qualityLimit: SampleQuality {
        switch self {
        case .sourceBad, .notFinite, .belowRange, .aboveRange, .rateOfChange, .stale: .bad
        case .sourceUncertain, .stuck, .held: .uncertain
        }
    }

    public var description: String {
        switch self {
        case .sourceBad: "source bad"
        case .sourceUncertain: "source uncertain"
        case .notFinite: "not finite"
        case .belowRange: "below range"
        case .aboveRange: "above range"
        case .rateOfChange: "rate of change"
        case .stale: "stale"
        case .stuck: "stuck"
        case .held: "held"
        }
    }
}

/// A set of `SensorValidationReason`s in one word: the scan builds one per input per scan
/// without allocating.
public struct SensorValidationReasons: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(_ reason: SensorValidationReason) { rawValue = 1 << UInt16(reason.rawValue) }

    public init(_ reasons: [SensorValidationReason]) {
        self = reasons.reduce(into: []) { $0.insert($1) }
    }

    public func contains(_ reason: SensorValidationReason) -> Bool { contains(Self(reason)) }

    public mutating func insert(_ reason: SensorValidationReason) { insert(Self(reason)) }

    /// The worst quality these reasons allow (`.good` when empty).
    public var qualityLimit: SampleQuality {
        var limit = SampleQuality.good
        for reason in SensorValidationReason.allCases where contains(reason) {
            limit = min(limit, reason.qualityLimit)
        }
        return limit
    }

    /// The reasons in declaration order (allocates: for display, not for the scan).
    public var members: [SensorValidationReason] { SensorValidationReason.allCases.filter { contains($0) } }

    public var description: String { "[" + members.map(\.description).joined(separator: ", ") + "]" }
}

/// The outcome of validating one input in one scan.
public struct SensorValidation: Sendable, Equatable {
    /// The conditioned (filtered or held) value with its lowered quality.
    public var sample: Sample
    /// Every reason active this scan, for alarms and the status display.
    public var reasons: SensorValidationReasons

    public init(sample: Sample, reasons: SensorValidationReasons) {
        self.sample = sample
        self.reasons = reasons
    }
}
