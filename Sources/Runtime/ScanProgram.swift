import FieldIO
import HAL

/// What the scan runs: the unit's control logic, owned by the scan thread alone.
///
/// The engine reads `inputKeys` and `outputGuards` once, when it is built, and resolves them
/// to image handles; then, each scan, it calls `apply` for each queued command, `scan` once
/// on a ``ScanFrame`` holding those inputs, then `snapshot` to publish. Nothing here may
/// block or do I/O.
public protocol ScanProgram: AnyObject, SendableMetatype {
    associatedtype Command: Sendable
    associatedtype Snapshot: Sendable

    /// Checks (role, range, mode) and applies one command; the answer goes back to its sender.
    func apply(_ command: Command, from source: CommandSource) -> CommandResult

    /// The points the scan reads, by image key, in the order of ``ScanFrame/inputs``.
    var inputKeys: [String] { get }

    /// The outputs the scan drives, in the order of ``ScanFrame/outputs``, each with its safe
    /// value and maximum age: a bus poller writes the safe value when the scan stops refreshing it.
    var outputGuards: [OutputGuard] { get }

    /// One scan: `frame.inputs` is the field image as of now (staleness applied), `dt` the
    /// seconds since the previous scan (the period on the first). Sets `frame.outputs` to drive.
    func scan(_ frame: inout ScanFrame, time: MonotonicInstant, dt: Double)

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
