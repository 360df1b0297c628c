/// A unit's control: loops, alarms and interlocks, in file order. Empty for a unit that
/// only polls.
public struct ControlConfig: Sendable, Equatable {
    public var loops: [LoopConfig]
    public var alarms: [AlarmConfig]
    public var interlocks: [InterlockConfig]
    /// `[instruments."<point>"]`: calibration and maintenance hold settings of input points.
    public var instruments: [InstrumentConfig]
    /// Conditioning of analogue inputs by point key (`[inputs.*]`); absent: profile range only.
    public var inputs: [String: InputConditioningConfig] = [:]
    /// Maximum age of outputs by image key (`[outputs.*] max_age_ms`), in seconds.
    public var outputMaxAges: [String: Double] = [:]
    /// Maximum age of an output not listed in `outputMaxAges`, in seconds.
    public var defaultOutputMaxAge: Double = 3

    public init(loops: [LoopConfig] = [], alarms: [AlarmConfig] = [], interlocks: [InterlockConfig] = [],
                instruments: [InstrumentConfig] = []) {
        self.loops = loops
        self.alarms = alarms
        self.interlocks = interlocks
        self.instruments = instruments
    }

    /// How long `imageKey` may go without a refresh before its safe value is written, in seconds.
    public func outputMaxAge(_ imageKey: String) -> Double { outputMaxAges[imageKey] ?? defaultOutputMaxAge }

    public var isEmpty: Bool { loops.isEmpty && alarms.isEmpty && interlocks.isEmpty && instruments.isEmpty }
    public func instrument(named key: String) -> InstrumentConfig? { instruments.first { $0.point.key == key } }
    public func loop(named name: String) -> LoopConfig? { loops.first { $0.name == name } }
}
