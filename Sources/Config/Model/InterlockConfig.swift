/// One `[interlocks.<name>]`: conditions over points that stop the named loops (their
/// outputs go safe) while any is unsafe; latching ones hold until reset.
public struct InterlockConfig: Sendable, Equatable {
    /// Must all hold to run.
    public var permissives: [PointCondition]
    /// Any one holding stops.
    public var trips: [PointCondition]
    /// Loops driven safe while tripped.
    public var loops: [String]
    public var latching: Bool
    /// An emergency stop: while tripped every output of the unit is at its safe value and
    /// every loop is held; always latching (cleared by a reset once the input is clear).
    public var estop: Bool
    public var name: String
    public var line: Int

    public init(name: String, permissives: [PointCondition] = [], trips: [PointCondition] = [], loops: [String],
                latching: Bool = false, estop: Bool = false, line: Int = 0) {
        self.name = name
        self.permissives = permissives
        self.trips = trips
        self.loops = loops
        self.latching = latching || estop
        self.estop = estop
        self.line = line
    }
}
