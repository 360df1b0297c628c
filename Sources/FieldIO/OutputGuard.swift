import HAL

/// An output's safety net: the value to write when the program stops refreshing it, and
/// how long a refresh counts (the scan refreshes every period; a stalled scan does not).
public struct OutputGuard: Sendable, Equatable {
    /// Image key, `"<device>.<point>"`.
    public var key: String
    /// Engineering units.
    public var safe: Double
    /// After this long without a refresh the pollers write `safe` (and log it once).
    public var maxAge: Duration

    public init(key: String, safe: Double, maxAge: Duration) {
        self.key = key
        self.safe = safe
        self.maxAge = maxAge
    }
}
