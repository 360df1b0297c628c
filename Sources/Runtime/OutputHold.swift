import Synchronization

/// Holds the scan's outputs at their safe values when the program alone would not:
/// until the first good scan after start (no output driven by restored or stale state while
/// booting), for good in monitoring-only mode, and for loops whose bus has stalled.
///
/// A good scan is one where every loop either has had a usable PV or has decided its safe
/// outputs itself (out of service, interlocked, waiting for a PV). Install ``gate(_:)`` as the
/// engine's `outputGate`.
public final class OutputHold: @unchecked Sendable {
    // @unchecked: `program` is touched only on the scan thread (in `gate`); the rest is atomic or locked.
    private let safe: [String: Double]
    private var program: UnitProgram?
    private let released = Atomic<Bool>(false)
    private let forced = Mutex<Set<String>>([])
    /// Every output held safe, whatever the scans decide.
    public let monitoringOnly: Bool

    /// `program` is read only on the scan thread, until the first good scan.
    public init(program: UnitProgram, monitoringOnly: Bool = false) {
        safe = program.safeOutputs
        self.program = program
        self.monitoringOnly = monitoringOnly
    }

    /// True once a good scan has run (never in monitoring-only mode).
    public var isReleased: Bool { released.load(ordering: .acquiring) }

    /// Output keys held safe besides the start-up hold (a stalled bus's loops); any thread.
    public var forcedSafe: Set<String> {
        get { forced.withLock { $0 } }
        set { forced.withLock { $0 = newValue } }
    }

    /// True when every loop of `snapshot` had a usable PV or chose its safe outputs itself.
    public static func isGoodScan(_ snapshot: UnitSnapshot) -> Bool {
        snapshot.loops.allSatisfy { $0.pv != nil || $0.safeBecause != nil }
    }

    /// The scan thread's hook: sets every held output of `frame` to its safe value (a held
    /// output is refreshed at its safe value, not left to age out).
    public func gate(_ frame: inout ScanFrame) {
        if !monitoringOnly, !released.load(ordering: .acquiring) {
            if program.map({ Self.isGoodScan($0.snapshot()) }) ?? true {
                released.store(true, ordering: .releasing)
                program = nil
            }
        }
        let held = monitoringOnly || !released.load(ordering: .acquiring)
        let forced = forcedSafe
        guard held || !forced.isEmpty else { return }
        for (index, key) in frame.outputKeys.enumerated() where held || forced.contains(key) {
            if let value = safe[key] { frame.outputs[index] = value }
        }
    }
}
