/// Turns the scan's overrun count into an alarm condition: `burst` overruns within `window`
/// seconds make it active; it clears once `window` seconds pass without an overrun. A single
/// overrun (a page fault, a slow log write) stays a log line, a burst means the scan period is
/// too short for the board.
public struct ScanOverrunBurst: Sendable {
    public let burst: Int
    /// Seconds.
    public let window: Double
    private var times: [Double] = []
    private var lastCount: UInt64?
    public private(set) var isActive = false

    public init(burst: Int = 3, window: Double = 60) {
        self.burst = max(1, burst)
        self.window = window
    }

    /// Takes the scan's total overrun count at `now` (seconds); returns the new state when it changed.
    public mutating func update(overruns: UInt64, now: Double) -> Bool? {
        let new = Int(min(overruns - min(lastCount ?? overruns, overruns), UInt64(burst)))
        lastCount = overruns
        times += Array(repeating: now, count: new)
        times.removeAll { now - $0 >= window }
        let active = isActive ? !times.isEmpty : times.count >= burst
        guard active != isActive else { return nil }
        isActive = active
        return active
    }
}
