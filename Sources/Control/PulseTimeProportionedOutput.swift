/// Turns a duty (0...1) into on/off for a relay or GPIO over a fixed cycle: on for
/// duty × cycle at the start of each cycle. Pulses shorter than `minimumOnTime`, and gaps
/// shorter than `minimumOffTime`, are not made (contactors and solenoid pumps wear, and a
/// 50 ms pulse doses nothing); the on-time they would have given, like the one-scan
/// resolution of the relay, is carried into the next cycle, so the average dose stays right.
public struct TimeProportionedOutput: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Seconds from one cycle start to the next.
        public var cycleTime: Double
        /// Shortest pulse made, seconds.
        public var minimumOnTime: Double
        /// Shortest gap made inside a cycle, seconds.
        public var minimumOffTime: Double

        public init(cycleTime: Double, minimumOnTime: Double = 0, minimumOffTime: Double = 0) {
            self.cycleTime = cycleTime
            self.minimumOnTime = minimumOnTime
            self.minimumOffTime = minimumOffTime
        }

        /// Throws when a time is not finite, the cycle is not positive, or the minimum pulse
        /// and gap do not fit in one cycle.
        public func validated() throws(ControlParameterError) -> Settings {
            var found: [String] = []
            if !(cycleTime.isFinite && cycleTime > 0) { found.append("cycle time must be finite and > 0 s") }
            if !(minimumOnTime.isFinite && minimumOnTime >= 0) { found.append("minimum on time must be finite and >= 0 s") }
            if !(minimumOffTime.isFinite && minimumOffTime >= 0) { found.append("minimum off time must be finite and >= 0 s") }
            if found.isEmpty, minimumOnTime + minimumOffTime > cycleTime {
                found.append("minimum on time + minimum off time must not exceed the cycle time")
            }
            if !found.isEmpty { throw ControlParameterError(problems: found) }
            return self
        }
    }

    public let settings: Settings
    /// Relay state held since the last update.
    public private(set) var isOn = false
    /// Seconds into the present cycle; nil when no cycle runs (starts one at the next update).
    public private(set) var cycleElapsed: Double?
    /// On-time planned for the present cycle, seconds.
    public private(set) var plannedOnTime: Double = 0
    /// Requested on-time not yet delivered (positive) or delivered in excess (negative), seconds.
    public private(set) var carry: Double = 0
    /// Seconds the relay was on during the present cycle.
    private var deliveredOnTime: Double = 0
    private var requestedOnTime: Double = 0

    public init(settings: Settings) throws(ControlParameterError) {
        self.settings = try settings.validated()
    }

    /// Advances by `dt` seconds (the time the last state was held) and returns the state to
    /// hold until the next update. `duty` (0...1, clamped; non-finite counts as 0) is latched
    /// at each cycle start. `inhibit` switches off at once and restarts the cycle on release.
    @discardableResult
    public mutating func update(duty: Double, inhibit: Bool = false, dt: Double) -> Bool {
        let step = dt.isFinite && dt > 0 ? dt : 0
        if isOn { deliveredOnTime += step }
        guard !inhibit else {
            isOn = false
            cycleElapsed = nil
            carry = 0
            return false
        }
        // A tolerance well under any scan keeps sums such as 20 × 0.5 s on the cycle boundary.
        let epsilon = 1e-9
        var elapsed = (cycleElapsed ?? 0) + (cycleElapsed == nil ? 0 : step)
        if cycleElapsed == nil || elapsed >= settings.cycleTime - epsilon {
            if cycleElapsed != nil {
                carry = max(-settings.cycleTime, min(settings.cycleTime, requestedOnTime - deliveredOnTime))
                elapsed = max(0, elapsed - settings.cycleTime)
            }
            startCycle(duty: duty.isFinite ? min(max(duty, 0), 1) : 0)
        }
        cycleElapsed = elapsed
        isOn = elapsed < plannedOnTime - epsilon
        return isOn
    }

    private mutating func startCycle(duty: Double) {
        if duty == 0 { carry = 0 }
        requestedOnTime = duty * settings.cycleTime + carry
        deliveredOnTime = 0
        if requestedOnTime < settings.minimumOnTime || requestedOnTime <= 0 {
            plannedOnTime = 0
        } else if requestedOnTime > settings.cycleTime - settings.minimumOffTime {
            plannedOnTime = settings.cycleTime
        } else {
            plannedOnTime = requestedOnTime
        }
    }
}
