import FieldIO
import HAL

/// What the scan runs: the unit's control logic, owned by the scan thread alone.
///
/// The engine calls `apply` for each queued command at the start of a scan, then `scan`
/// once, then `snapshot` to publish. Nothing here may block or do I/O.
public protocol ScanProgram: AnyObject, SendableMetatype {
    associatedtype Command: Sendable
    associatedtype Snapshot: Sendable

    /// Checks (role, range, mode) and applies one command; the answer goes back to its sender.
    func apply(_ command: Command, from source: CommandSource) -> CommandResult

    /// One scan: `inputs` is the field image as of now (staleness applied), `dt` the seconds
    /// since the previous scan (the period on the first). Returns the outputs to drive, by point key.
    func scan(inputs: [String: PointSample], time: MonotonicInstant, dt: Double) -> [String: Double]

    /// The immutable state published at the end of the scan for telemetry, console and status.
    func snapshot() -> Snapshot
}

/// What the engine publishes at the end of every scan.
public struct ScanSnapshot<Program: Sendable>: Sendable {
    public var cycle: UInt64
    public var time: MonotonicInstant
    public var statistics: ScanStatistics
    public var program: Program
}
