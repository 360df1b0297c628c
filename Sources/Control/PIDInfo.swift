/// Who sets a loop's output and setpoint.
public enum PIDMode: String, Sendable, Equatable, CaseIterable {
    /// The operator sets the output (`PIDController.manualOutput`); the integral tracks it.
    case manual
    /// The loop computes the output from the operator's setpoint.
    case auto
    /// The loop computes the output from a setpoint handed down by an outer loop.
    case cascade
}

/// Which output limit, if any, is holding the output this scan.
public enum PIDSaturation: String, Sendable, Equatable {
    case none, low, high
}

/// What one PID update did, for telemetry and for the loop that owns the block
/// (after ArduPilot's `AP_PIDInfo`). Terms are signed as they add to the output.
public struct PIDInfo: Sendable, Equatable {
    /// Effective setpoint after limits and ramp, PV units.
    public var target: Double
    /// PV used this scan; the last usable one while the PV is bad.
    public var actual: Double
    /// target - actual, PV units (before the action sign and the deadband).
    public var error: Double
    /// Proportional, integral, derivative and feed-forward contributions, output units.
    public var p: Double
    public var i: Double
    public var d: Double
    public var feedForward: Double
    /// The output sent to the actuator, output units; never NaN.
    public var output: Double
    /// An output limit is holding the output (magnitude).
    public var saturation: PIDSaturation
    /// The output rate limit held the output back this scan.
    public var rateLimited: Bool
    public var mode: PIDMode
    /// The output was forced by `track(output:)` this scan.
    public var tracking: Bool
    /// The PV sample was not usable this scan.
    public var pvBad: Bool
    /// The output is the configured bad-PV substitute.
    public var substituted: Bool
    /// Setpoint, feed-forward or dt was not finite or dt was out of range: the output was held.
    public var invalidInput: Bool
    /// Gains in use this scan (after gain scheduling).
    public var gains: PIDGains

    /// The output could not go where the loop asked; an outer loop should stop pushing.
    public var isLimited: Bool { saturation != .none || rateLimited }

    init(output: Double, mode: PIDMode, gains: PIDGains) {
        target = 0
        actual = 0
        error = 0
        p = 0
        i = 0
        d = 0
        feedForward = 0
        self.output = output
        saturation = .none
        rateLimited = false
        self.mode = mode
        tracking = false
        pvBad = false
        substituted = false
        invalidInput = false
        self.gains = gains
    }
}
