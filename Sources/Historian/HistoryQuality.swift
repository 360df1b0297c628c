/// How far a recorded value can be trusted, reduced to what history needs: three levels, ordered
/// so that the worst of an interval is its maximum. Stored as one byte (2 bits in a block).
public enum HistoryQuality: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Read and within range (a loop's setpoint and output are always good).
    case good = 0
    /// Usable with care: a stale point, a held instrument.
    case uncertain = 1
    /// Not a measurement: no answer, bad frame, out of range, a loop without a PV.
    case bad = 2

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .good: "good"
        case .uncertain: "uncertain"
        case .bad: "bad"
        }
    }

    /// The quality named by `description`, or nil.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = match
    }
}
