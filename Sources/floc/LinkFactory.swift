import Config
import HAL
import HALLinux

/// Turns a configured bus into a libmodbus link (not yet connected).
enum LinkFactory {
    /// TCP: host and port. RTU: the resolved device, framing, and RS-485 direction control,
    /// a GPIO DE pin being looked up on the board (chip label and line). The bus's response
    /// timeout is set; devices override it per request.
    static func link(for bus: BusConfig, board: BoardConfig) throws(HALError) -> LibmodbusLink {
        let link: LibmodbusLink
        switch bus.transport {
        case .tcp(let host, let port):
            link = .tcp(host: host, port: port)
        case .rtu(let rtu):
            let parity: SerialPortSettings.Parity = switch rtu.parity {
            case .none: .none
            case .even: .even
            case .odd: .odd
            }
            link = .rtu(SerialPortSettings(device: rtu.device, baud: rtu.baud, parity: parity, dataBits: rtu.dataBits,
                                           stopBits: rtu.stopBits,
                                           direction: try direction(rtu.rs485, bus: bus.name, board: board)))
        }
        link.setResponseTimeout(seconds: bus.responseTimeout)
        return link
    }

    static func direction(_ control: RS485Control, bus: String,
                          board: BoardConfig) throws(HALError) -> SerialPortSettings.RS485Direction {
        switch control {
        case .none: return .automatic
        case .kernel: return .kernel
        case .rts: return .rts(activeHigh: true)
        case .gpio(let pinName, let activeLow):
            // The loader has checked the pin; a miss here means a board edited behind its back.
            guard let pin = board.pin(named: pinName), let chip = board.chip(named: pin.chip) else {
                throw HALError(.invalidArgument, operation: "RS-485 direction", context: "bus \(bus)",
                               detail: "board \(board.id) has no pin \(pinName) on a known chip")
            }
            return .gpio(chipLabel: chip.label, line: UInt32(pin.line), activeLow: activeLow)
        }
    }
}
