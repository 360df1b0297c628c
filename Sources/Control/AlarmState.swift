/// The states of one alarm, after the ANSI/ISA-18.2 alarm state transition diagram
/// (states A to G).
public enum AlarmState: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A: process normal, alarm inactive and acknowledged.
    case normal
    /// B: alarm active, not yet acknowledged.
    case unacknowledged
    /// C: alarm active and acknowledged.
    case acknowledged
    /// D: process back to normal, the alarm not yet acknowledged.
    case returnedUnacknowledged
    /// E: shelved by the operator until an expiry time.
    case shelved
    /// F: suppressed by design by a plant condition (e.g. the blower is off).
    case suppressedByDesign
    /// G: out of service (maintenance): not evaluated.
    case outOfService

    /// Shown on the alarm display: active or awaiting acknowledgement.
    public var isAnnunciated: Bool {
        switch self {
        case .unacknowledged, .acknowledged, .returnedUnacknowledged: true
        case .normal, .shelved, .suppressedByDesign, .outOfService: false
        }
    }

    /// The operator has something to acknowledge.
    public var needsAcknowledgement: Bool { self == .unacknowledged || self == .returnedUnacknowledged }

    public var description: String {
        switch self {
        case .normal: "normal"
        case .unacknowledged: "unacknowledged"
        case .acknowledged: "acknowledged"
        case .returnedUnacknowledged: "returned unacknowledged"
        case .shelved: "shelved"
        case .suppressedByDesign: "suppressed by design"
        case .outOfService: "out of service"
        }
    }
}

/// Alarm priority; `critical` sorts first. ISA-18.2 asks for few priorities, each with a
/// defined operator response time.
public enum AlarmPriority: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case critical = 0
    case high
    case medium
    case low

    /// More urgent first: `critical < low`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .critical: "critical"
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        }
    }
}
