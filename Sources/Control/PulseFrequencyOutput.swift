/// Drives a metering pump's pulse input: a demand (0...1) becomes a stroke rate up to
/// `maximumStrokesPerMinute`, and, for a digital output, one pulse of `pulseWidth` seconds
/// per stroke. Strokes are counted with their fractional phase kept, so over any span the
/// count is the integral of the rate to within one stroke.
public struct PulseFrequencyOutput: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Stroke rate at full demand, strokes per minute (the pump's maximum).
        public var maximumStrokesPerMinute: Double
        /// Length of each stroke pulse on a digital output, seconds.
        public var pulseWidth: Double

        public init(maximumStrokesPerMinute: Double, pulseWidth: Double = 0.1) {
            self.maximumStrokesPerMinute = maximumStrokesPerMinute
            self.pulseWidth = pulseWidth
        }

        /// Throws when the rate is not positive or a pulse and its gap do not fit in one stroke period.
        public func validated() throws(ControlParameterError) -> Settings {
            var found: [String] = []
            if !(maximumStrokesPerMinute.isFinite && maximumStrokesPerMinute > 0) {
                found.append("maximum strokes per minute must be finite and > 0")
            }
            if !(pulseWidth.isFinite && pulseWidth > 0) {
                found.append("pulse width must be finite and > 0 s")
            } else if maximumStrokesPerMinute > 0, pulseWidth >= 60 / maximumStrokesPerMinute {
                found.append("pulse width must be shorter than one stroke period at the maximum rate")
            }
            if !found.isEmpty { throw ControlParameterError(problems: found) }
            return self
        }
    }

    /// What one update asks of the pump.
    public struct Command: Sendable, Equatable {
        /// Stroke rate for a pump with a frequency or analogue input, strokes per minute.
        public var strokesPerMinute: Double
        /// Digital pulse state to hold until the next update.
        public var pulse: Bool
        /// Strokes made at the held rate over the `dt` that just ended.
        public var strokes: Int
    }

    public let settings: Settings
    /// Fraction of a stroke accumulated toward the next one.
    public private(set) var phase: Double = 0
    /// Stroke rate held since the last update, strokes per minute.
    public private(set) var strokesPerMinute: Double = 0
    /// Seconds left of the pulse in progress.
    private var pulseRemaining: Double = 0

    public init(settings: Settings) throws(ControlParameterError) {
        self.settings = try settings.validated()
    }

    /// Advances by `dt` seconds at the rate held since the last update, then takes `demand`
    /// (0...1, clamped; non-finite counts as 0) as the rate until the next one. A stroke made
    /// in the interval starts a pulse. `inhibit` stops at once and forgets the partial stroke.
    public mutating func update(demand: Double, inhibit: Bool = false, dt: Double) -> Command {
        let step = dt.isFinite && dt > 0 ? dt : 0
        pulseRemaining = max(0, pulseRemaining - step)
        phase += strokesPerMinute / 60 * step
        // The tolerance keeps sums of decimal steps (0.1 s × 10) from losing a stroke.
        let strokes = Int((phase + 1e-9).rounded(.down))
        phase = max(0, phase - Double(strokes))
        guard !inhibit else {
            phase = 0
            pulseRemaining = 0
            strokesPerMinute = 0
            return Command(strokesPerMinute: 0, pulse: false, strokes: strokes)
        }
        if strokes > 0 { pulseRemaining = settings.pulseWidth }
        let fraction = demand.isFinite ? min(max(demand, 0), 1) : 0
        strokesPerMinute = fraction * settings.maximumStrokesPerMinute
        return Command(strokesPerMinute: strokesPerMinute, pulse: pulseRemaining > 1e-9, strokes: strokes)
    }
}
