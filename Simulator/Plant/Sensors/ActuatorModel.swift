/// An actuator between a command and the equipment: a pure dead time, then a rate limit
/// (a VFD's acceleration ramp, a valve's stroke time), then the equipment's range.
///
/// Pure and clock-driven: `advance(by:)` moves the output; commands take effect `deadTime`
/// seconds after `command(_:)` in the actuator's own time.
public struct ActuatorModel: Sendable {
    /// Largest change of the output per second, in the output's unit/s (infinity: none).
    public var rateLimit: Double
    /// Delay between a command and the start of the output's response, s.
    public var deadTime: Double
    /// Output range; commands outside it are clamped.
    public var range: ClosedRange<Double>
    /// The output now.
    public private(set) var output: Double
    /// The command that the output is moving to now (after the dead time).
    public private(set) var target: Double
    /// Actuator time, s since creation.
    public private(set) var time: Double = 0
    /// Commands not yet past the dead time: (time they take effect, value), oldest first.
    private var pending: [(time: Double, value: Double)] = []

    public init(rateLimit: Double = .infinity, deadTime: Double = 0,
                range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                initial: Double = 0) {
        self.rateLimit = rateLimit
        self.deadTime = max(deadTime, 0)
        self.range = range
        output = min(max(initial, range.lowerBound), range.upperBound)
        target = output
    }

    /// The last command given (still in the dead time, or already the target).
    public var lastCommand: Double { pending.last?.value ?? target }

    /// Commands a new output; non-finite values are ignored.
    public mutating func command(_ value: Double) {
        guard value.isFinite else { return }
        let clamped = min(max(value, range.lowerBound), range.upperBound)
        if deadTime == 0 { pending.removeAll(); target = clamped } else { pending.append((time + deadTime, clamped)) }
    }

    /// Forces the output (and target) to `value` now, e.g. a tripped motor coasting to zero.
    public mutating func force(_ value: Double) {
        pending.removeAll()
        output = min(max(value, range.lowerBound), range.upperBound)
        target = output
    }

    /// Advances the actuator by `seconds`; commands whose dead time ends inside the step
    /// take effect at their own time.
    public mutating func advance(by seconds: Double) {
        let end = time + max(seconds, 0)
        while let first = pending.first, first.time <= end {
            move(for: first.time - time)
            time = first.time
            target = first.value
            pending.removeFirst()
        }
        move(for: end - time)
        time = end
    }

    private mutating func move(for seconds: Double) {
        let step = rateLimit * max(seconds, 0)
        output += min(max(target - output, -step), step)
    }
}
