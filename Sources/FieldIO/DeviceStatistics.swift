/// Counters of one device on a bus, for the console, telemetry and tests.
public struct DeviceStatistics: Sendable, Equatable {
    /// Requests sent on the wire, retries and writes included.
    public var requests = 0
    /// Requests that failed (timeout, bad frame, exception, link down), retries included.
    public var failures = 0
    /// Poll cycles in a row that failed for want of an answer; 0 when the device answers.
    public var consecutiveFailures = 0
    /// Exception responses received.
    public var exceptions = 0
    /// The last error, as `HALError.description` (exceptions by name) or a codec message.
    public var lastError: String?
    /// Current back-off before the next attempt, in seconds (0: not backing off).
    public var backoff = 0.0
    /// Fast poll cycles completed successfully.
    public var cycles = 0
    /// Measured fast poll rate, in cycles per second (moving average; 0 until two cycles).
    public var pollRate = 0.0
    /// Writes sent and acknowledged.
    public var writes = 0
    /// Writes refused (exception, value out of the type) or not answered.
    public var writeFailures = 0
    /// Writes whose read-back differed from the value written.
    public var verifyMismatches = 0
    /// Times an output of this device ran past its maximum age and fell back to its safe value.
    public var safeFallbacks = 0

    public init() {}
}

/// Counters of one bus.
public struct BusStatistics: Sendable, Equatable {
    /// Requests sent on the wire to every device, retries and writes included.
    public var requestsSent = 0
    /// Successful connects after the first.
    public var reconnects = 0
    /// Whether the link is up.
    public var connected = false
    /// Per device name.
    public var devices: [String: DeviceStatistics] = [:]

    public init() {}
}
