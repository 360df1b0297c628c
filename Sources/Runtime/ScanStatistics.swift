/// Timing of the scan: how long scans take and how late they start.
///
/// Lateness is the wake-up time minus the scan's absolute deadline; an overrun is a
/// scan that ended after the next deadline (that deadline is skipped, never bunched).
public struct ScanStatistics: Sendable, Equatable {
    public var cycles: UInt64 = 0
    public var overruns: UInt64 = 0
    /// Deadlines skipped because a scan overran them.
    public var skipped: UInt64 = 0
    public var minExecution: Duration = .zero
    public var maxExecution: Duration = .zero
    public var totalExecution: Duration = .zero
    public var maxLateness: Duration = .zero
    public var lastLateness: Duration = .zero

    public init() {}

    /// Mean execution time of a scan.
    public var averageExecution: Duration {
        cycles == 0 ? .zero : totalExecution / Int(cycles)
    }

    mutating func record(execution: Duration, lateness: Duration) {
        minExecution = cycles == 0 ? execution : min(minExecution, execution)
        maxExecution = max(maxExecution, execution)
        totalExecution += execution
        lastLateness = lateness
        maxLateness = max(maxLateness, lateness)
        cycles += 1
    }
}
