/// One field bus of a unit.
public struct BusConfig: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case rtu(RTUConfig)
        case tcp(host: String, port: Int)
    }

    public var name: String
    public var transport: Transport
    /// Default response timeout for the bus's devices, in seconds.
    public var responseTimeout: Double
    public var line: Int
}

public struct RTUConfig: Sendable, Equatable {
    public enum Parity: String, Sendable, CaseIterable { case none, even, odd }
    /// The UART name or role on the board it was bound through (`rs485-0`), or empty for an explicit path.
    public var port: String
    /// The resolved device path, e.g. `/dev/ttyAMA0`.
    public var device: String
    public var baud: Int
    public var parity: Parity
    public var dataBits: Int
    public var stopBits: Int
    public var rs485: RS485Control
}

/// One instrument on a bus, with its profile and polling policy.
public struct DeviceConfig: Sendable, Equatable {
    public var name: String
    public var profile: DeviceProfile
    public var bus: String
    /// Modbus unit id (slave address), 1...247 (0..255 on TCP).
    public var address: Int
    public var pollFast: Double
    public var pollSlow: Double
    /// Response timeout in seconds.
    public var timeout: Double
    /// Extra attempts after a failed request in the same poll cycle.
    public var retries: Int
    /// Back-off after a failed poll cycle doubles from `backoffMin` to `backoffMax` seconds.
    public var backoffMin: Double
    public var backoffMax: Double
    /// A point not refreshed for this long becomes `stale`, in seconds.
    public var staleAfter: Double
    /// Writable points are re-written this often even when unchanged, in seconds (0 = never).
    public var writeRefresh: Double
    public var line: Int
}

public enum GPIODirection: String, Sendable, CaseIterable { case input, output }

public struct GPIOPointConfig: Sendable, Equatable {
    public var name: String
    public var direction: GPIODirection
    public var pin: String
    public var chipLabel: String
    public var line: Int
    public var activeLow: Bool
    public var bias: LineBiasSetting
    /// Inputs: a change must hold this long to count, in seconds.
    public var debounce: Double
    /// Outputs: level at request time and the safe level.
    public var initial: Bool
    public var safe: Bool
    public var lineInFile: Int
}

/// A unit (`Boards/units/<name>.toml`): its board, buses, devices, GPIO points and control.
public struct UnitConfig: Sendable, Equatable {
    public var name: String
    public var description: String
    public var board: BoardConfig
    public var scanPeriod: Double
    public var buses: [BusConfig]
    public var devices: [DeviceConfig]
    public var gpio: [GPIOPointConfig]
    public var file: String
    /// Loops, alarms and interlocks (`[loops.*]`, `[alarms.*]`, `[interlocks.*]`).
    public var control = ControlConfig()
    /// Retained state: database and restore policies (`[retain]`).
    public var retain = RetainConfig()
    /// Restart-loop guard and stalled-bus escalation (`[supervision]`).
    public var supervision = SupervisionConfig()
    /// Sparkplug B and HJ 212 (`[uplinks.*]`).
    public var uplinks = UplinksConfig()
    /// The local historian (`[historian]`).
    public var historian = HistorianConfig()

    public func bus(named name: String) -> BusConfig? { buses.first { $0.name == name } }
    public func device(named name: String) -> DeviceConfig? { devices.first { $0.name == name } }
    public func devices(on bus: String) -> [DeviceConfig] { devices.filter { $0.bus == bus } }
}
