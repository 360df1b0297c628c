import HAL

/// A simulator scenario (`Simulator/Scenarios/<name>.toml`): which unit is emulated, which
/// plant model stands behind it, how device points bind to plant signals, and timed faults.
/// The schema is specified in docs/simulator.md.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The unit file, resolved against the scenario's folder.
    public var unitPath: String
    /// Folder with boards and `devices/`, or nil for the unit folder's parent.
    public var boardsDirectory: String?
    public var plant: PlantChoice
    /// Simulated seconds between two emulator ticks.
    public var tick: Double
    public var bindings: [PointBinding]
    public var constants: [PointConstant]
    public var faults: [FaultSpec]
    public var file: String

    /// The binding of `device.point` (and flag, for a status or control word bit), if any.
    public func binding(device: String, point: String, flag: String? = nil) -> PointBinding? {
        bindings.first { $0.device == device && $0.point == point && $0.flag == flag }
    }

    /// The constant of `device.point` (and flag), if any.
    public func constant(device: String, point: String, flag: String? = nil) -> PointConstant? {
        constants.first { $0.device == device && $0.point == point && $0.flag == flag }
    }
}

/// Which plant model a scenario runs, with its settings.
public struct PlantChoice: Sendable, Equatable {
    /// `table` (signals set by hand) or a model built into floc-sim (`container`).
    public var model: String
    /// The model's own description file, resolved against the scenario's folder (optional).
    public var file: String?
    /// Initial signal values, by signal name.
    public var initial: [String: Double]
    public var line: Int
}

/// `"<device>.<point>[.<flag>]" = "<signal>"`: the point shows (or, when writable, commands)
/// the signal. Engineering value = signal x scale + offset.
public struct PointBinding: Sendable, Equatable {
    public var device: String
    public var point: String
    /// One named bit of a status or control word, from the profile's `bits`.
    public var flag: String?
    public var signal: String
    public var scale: Double
    public var offset: Double
    public var line: Int

    /// The key as written in the scenario.
    public var key: String { [device, point, flag].compactMap { $0 }.joined(separator: ".") }
}

/// A fixed value for an unbound point (or flag).
public struct PointConstant: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Double)
        /// The device's Modbus address (slave-address registers).
        case deviceAddress
    }

    public var device: String
    public var point: String
    public var flag: String?
    public var value: Value
    public var line: Int

    /// The key as written in the scenario.
    public var key: String { [device, point, flag].compactMap { $0 }.joined(separator: ".") }
}

/// One timed register-level fault.
public struct FaultSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The device does not answer at all.
        case absent
        /// Requests touching `addresses` (every address when nil) of `table` (any when nil)
        /// are answered with a Modbus exception.
        case exception(ModbusException, table: ModbusTable?, addresses: ClosedRange<Int>?)
        /// The point's registers keep the value they had when the fault began (stuck sensor).
        case frozen
        /// `offset` plus `driftPerHour` x hours since the fault began, in engineering units.
        case offset(Double, driftPerHour: Double)
        /// The point's registers (or bit) XOR `mask` (sensor electronics, noise).
        case bitFlip(mask: UInt16)
        /// Answers come `seconds` late.
        case delay(seconds: Double)
        /// A share `rate` (0...1] of the answers is damaged on the line: a bad CRC on RTU,
        /// a wrong transaction id on TCP.
        case noise(rate: Double)
        /// A dead probe: the point reads `value`, or when nil a value outside the profile's
        /// `range` (below it when the type can hold it, else above; 0 without a range).
        case dead(value: Double?)
        /// A fault of the plant itself, by the plant's name for it (`blower1.trip`,
        /// `dosing.acid_pump.failure`); `device` holds the equipment (`blower1`).
        case plant(String)

        /// The kind's name as written in a scenario.
        public var name: String {
            switch self {
            case .absent: "absent"
            case .exception: "exception"
            case .frozen: "frozen"
            case .offset: "offset"
            case .bitFlip: "bit-flip"
            case .delay: "delay"
            case .noise: "noise"
            case .dead: "dead"
            case .plant(let name): name.hasSuffix(".trip") ? "trip" : "pump-failure"
            }
        }

        /// Kinds that act on one point's registers rather than on the device's answers.
        public var isPointFault: Bool {
            switch self {
            case .frozen, .offset, .bitFlip, .dead: true
            default: false
            }
        }
    }

    public var kind: Kind
    public var device: String
    /// The point, for point faults.
    public var point: String?
    /// Simulated seconds since start.
    public var start: Double
    /// Simulated seconds since start; nil = until the end.
    public var end: Double?
    public var line: Int

    public init(kind: Kind, device: String, point: String? = nil, start: Double = 0, end: Double? = nil, line: Int = 0) {
        self.kind = kind
        self.device = device
        self.point = point
        self.start = start
        self.end = end
        self.line = line
    }

    /// Whether the fault acts at simulated time `time`.
    public func isActive(at time: Double) -> Bool {
        time >= start && (end.map { time < $0 } ?? true)
    }
}
