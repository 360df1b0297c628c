/// A unit's control: loops, alarms and interlocks, in file order. Empty for a unit that
/// only polls.
public struct ControlConfig: Sendable, Equatable {
    public var loops: [LoopConfig]
    public var alarms: [AlarmConfig]
    public var interlocks: [InterlockConfig]
    /// `[instruments."<point>"]`: calibration and maintenance hold settings of input points.
    public var instruments: [InstrumentConfig]

    public init(loops: [LoopConfig] = [], alarms: [AlarmConfig] = [], interlocks: [InterlockConfig] = [],
                instruments: [InstrumentConfig] = []) {
        self.loops = loops
        self.alarms = alarms
        self.interlocks = interlocks
        self.instruments = instruments
    }

    public var isEmpty: Bool { loops.isEmpty && alarms.isEmpty && interlocks.isEmpty && instruments.isEmpty }
    public func instrument(named key: String) -> InstrumentConfig? { instruments.first { $0.point.key == key } }
    public func loop(named name: String) -> LoopConfig? { loops.first { $0.name == name } }
}
