/// A unit's control: loops, alarms and interlocks, in file order. Empty for a unit that
/// only polls.
public struct ControlConfig: Sendable, Equatable {
    public var loops: [LoopConfig]
    public var alarms: [AlarmConfig]
    public var interlocks: [InterlockConfig]

    public init(loops: [LoopConfig] = [], alarms: [AlarmConfig] = [], interlocks: [InterlockConfig] = []) {
        self.loops = loops
        self.alarms = alarms
        self.interlocks = interlocks
    }

    public var isEmpty: Bool { loops.isEmpty && alarms.isEmpty && interlocks.isEmpty }
    public func loop(named name: String) -> LoopConfig? { loops.first { $0.name == name } }
}
