/// Framing and RS-485 direction control of one serial port.
public struct SerialPortSettings: Sendable, Equatable {
    public enum Parity: String, Sendable, CaseIterable {
        case none, even, odd
    }

    /// How the RS-485 transceiver's driver-enable (DE/RE) is switched.
    public enum RS485Direction: Sendable, Equatable {
        /// Full-duplex or an adapter that switches by itself (most USB RS-485 adapters).
        case automatic
        /// The kernel's RS-485 mode (TIOCSRS485), driving RTS from the UART driver.
        case kernel
        /// libmodbus toggles RTS around each request (`modbus_rtu_set_rts`).
        case rts(activeHigh: Bool)
        /// A GPIO line drives DE; `delayMicroseconds` after the last byte before release.
        case gpio(chipLabel: String, line: UInt32, activeLow: Bool)
    }

    public var device: String
    public var baud: Int
    public var parity: Parity
    public var dataBits: Int
    public var stopBits: Int
    public var direction: RS485Direction

    public init(device: String, baud: Int = 9600, parity: Parity = .none, dataBits: Int = 8,
                stopBits: Int = 1, direction: RS485Direction = .automatic) {
        self.device = device
        self.baud = baud
        self.parity = parity
        self.dataBits = dataBits
        self.stopBits = stopBits
        self.direction = direction
    }

    /// Time of one character on the line, in seconds (start + data + parity + stop bits).
    public var characterTime: Double {
        let bits = 1 + dataBits + (parity == .none ? 0 : 1) + stopBits
        return Double(bits) / Double(baud)
    }
}

/// Where a Modbus master connects: a TCP server or a serial port.
public enum ModbusEndpoint: Sendable, Equatable {
    case tcp(host: String, port: Int)
    case rtu(SerialPortSettings)
}
