/// A pH loop: one pH input, an acid and/or a caustic doser, split range around a dead zone.
public struct PHLoopConfig: Sendable, Equatable {
    public var ph: PointReference
    /// Split-range PID, output -100...100 % (negative = acid).
    public var pid: PIDConfig
    /// Gain by pH, interpolated; empty uses `pid.gain` everywhere.
    public var schedule: [GainPoint]
    /// Half-width of the no-dosing band around 0 % output.
    public var deadZone: Double
    public var acid: DoserConfig?
    public var caustic: DoserConfig?
    /// Conditions that must all hold for any dosing (flow present, ...).
    public var permissives: [PointCondition]

    public init(ph: PointReference, pid: PIDConfig, schedule: [GainPoint] = [], deadZone: Double = 0,
                acid: DoserConfig? = nil, caustic: DoserConfig? = nil, permissives: [PointCondition] = []) {
        self.ph = ph
        self.pid = pid
        self.schedule = schedule
        self.deadZone = deadZone
        self.acid = acid
        self.caustic = caustic
        self.permissives = permissives
    }

    /// One breakpoint of the gain schedule.
    public struct GainPoint: Sendable, Equatable {
        public var ph: Double
        public var gain: Double
        public init(ph: Double, gain: Double) {
            self.ph = ph
            self.gain = gain
        }
    }
}

/// One chemical pump of a pH loop: an analogue speed (%) or an on/off relay or GPIO
/// time-proportioned over `cycleTime`.
public struct DoserConfig: Sendable, Equatable {
    public var output: PointReference
    /// Relay cycle, seconds; nil drives `output` as a speed in %.
    public var cycleTime: Double?
    /// Shortest relay pulse, seconds.
    public var minimumOnTime: Double
    /// Flow at full output, L/h.
    public var capacity: Double
    /// Most it may dose in any hour, L; nil for no limit.
    public var maximumPerHour: Double?
    /// Conditions that must hold for this pump (chemical level, pump healthy).
    public var permissives: [PointCondition]
    /// Output in hand, % of capacity (duty of the relay cycle for an on/off pump).
    public var handOutput: Double

    public init(output: PointReference, cycleTime: Double? = nil, minimumOnTime: Double = 0, capacity: Double,
                maximumPerHour: Double? = nil, permissives: [PointCondition] = [], handOutput: Double = 50) {
        self.output = output
        self.cycleTime = cycleTime
        self.minimumOnTime = minimumOnTime
        self.capacity = capacity
        self.maximumPerHour = maximumPerHour
        self.permissives = permissives
        self.handOutput = handOutput
    }
}
