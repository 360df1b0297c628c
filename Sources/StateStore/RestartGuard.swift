/// The restart-loop guard's decision: too many starts within the window without a clean run
/// (one lasting the whole window) start the unit monitoring-only.
public struct RestartGuard: Sendable, Equatable {
    /// Starts within the window, this one included.
    public var recentStarts: Int
    public var limit: Int
    /// Seconds.
    public var window: Double

    /// `starts`: wall-clock seconds of every start since the last clean run, this one included.
    public init(starts: [Double], now: Double, limit: Int, window: Double) {
        recentStarts = starts.filter { now - $0 < window && $0 <= now }.count
        self.limit = limit
        self.window = window
    }

    public var monitoringOnly: Bool { recentStarts >= limit }

    /// The log line and event text when tripped.
    public var explanation: String {
        "restart-loop guard: \(recentStarts) starts within \(Int(window / 60)) min (limit \(limit)); "
            + "running MONITORING-ONLY: buses are polled and published, every output is held safe and every loop out of service. "
            + "Find the cause in the log, then clear with `floc run --clear-restart-guard` (or wait for a clean run)."
    }
}
