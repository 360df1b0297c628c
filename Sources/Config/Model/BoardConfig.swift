/// A GPIO chip, found by its label because chip numbers differ between kernels.
public struct GPIOChipConfig: Sendable, Equatable {
    public var name: String
    public var label: String
    /// Number of lines the chip has; offsets must be below it.
    public var lines: Int
}

public enum LineBiasSetting: String, Sendable, CaseIterable {
    case asIs = "as-is"
    case disabled
    case pullUp = "pull-up"
    case pullDown = "pull-down"
}

/// One header pin that is a GPIO line.
public struct PinConfig: Sendable, Equatable {
    /// Header pin name, e.g. `P1-11` or `P8-12`.
    public var name: String
    public var chip: String
    public var line: Int
    /// Names the vendor uses, e.g. `GPIO17`.
    public var aliases: [String]
}

/// RS-485 driver-enable control of a UART.
public enum RS485Control: Sendable, Equatable {
    case none
    case kernel
    case rts
    case gpio(pin: String, activeLow: Bool)
}

public struct UARTConfig: Sendable, Equatable {
    public var name: String
    public var device: String
    /// Header pins the UART uses (TX, RX, and RTS/CTS where wired): these cannot also be GPIO.
    public var pins: [String]
    public var rs485: RS485Control
}

/// Hardware as data (`Boards/<board>.toml`).
public struct BoardConfig: Sendable, Equatable {
    public var id: String
    public var model: String
    public var vendor: String
    public var source: String
    public var capabilities: [String]
    public var chips: [GPIOChipConfig]
    public var pins: [PinConfig]
    public var uarts: [UARTConfig]
    /// Role -> UART name or pin name: `console`, `rs485-0`, `status-led`, ...
    public var roles: [String: String]
    public var watchdog: WatchdogConfig?
    public var file: String

    public func uart(named name: String) -> UARTConfig? { uarts.first { $0.name == name } }
    public func pin(named name: String) -> PinConfig? { pins.first { $0.name == name || $0.aliases.contains(name) } }
    public func chip(named name: String) -> GPIOChipConfig? { chips.first { $0.name == name } }
}

public struct WatchdogConfig: Sendable, Equatable {
    public var device: String
    /// Longest timeout the hardware supports, in seconds (BCM2835: 15).
    public var maxTimeout: Double
}
