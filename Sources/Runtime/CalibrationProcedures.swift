import Synchronization

/// The guided calibrations under way on a unit, one per instrument (a probe sits in one buffer at a
/// time, whoever is at the console). Shared by every console session; each change is one locked step.
public final class CalibrationProcedures: Sendable {
    private let open = Mutex<[String: CalibrationProcedure]>([:])

    public init() {}

    /// The procedure for `instrument`, if one is open.
    public func procedure(_ instrument: String) -> CalibrationProcedure? {
        open.withLock { $0[instrument] }
    }

    /// Opens (or replaces) the procedure of its instrument.
    public func begin(_ procedure: CalibrationProcedure) {
        open.withLock { $0[procedure.instrument] = procedure }
    }

    /// Ends the procedure of `instrument`; returns it.
    @discardableResult
    public func end(_ instrument: String) -> CalibrationProcedure? {
        open.withLock { $0.removeValue(forKey: instrument) }
    }

    /// Runs `body` on the open procedure of `instrument`; nil when none is open.
    public func update<T>(_ instrument: String, _ body: (inout CalibrationProcedure) -> T) -> T? {
        open.withLock { all in
            guard var procedure = all[instrument] else { return nil }
            defer { all[instrument] = procedure }
            return body(&procedure)
        }
    }
}
