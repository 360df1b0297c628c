import Config
import HAL

extension BusConfig {
    /// The link this bus needs: TCP host and port, or the resolved serial device with its
    /// framing and RS-485 direction control (a GPIO DE pin looked up on the board: chip
    /// label and line). Throws `.invalidArgument` only for a board edited behind the loader's back.
    public func endpoint(board: BoardConfig) throws(HALError) -> ModbusEndpoint {
        switch transport {
        case .tcp(let host, let port):
            return .tcp(host: host, port: port)
        case .rtu(let rtu):
            let parity: SerialPortSettings.Parity = switch rtu.parity {
            case .none: .none
            case .even: .even
            case .odd: .odd
            }
            return .rtu(SerialPortSettings(device: rtu.device, baud: rtu.baud, parity: parity, dataBits: rtu.dataBits,
                                           stopBits: rtu.stopBits, direction: try direction(rtu.rs485, board: board)))
        }
    }

    private func direction(_ control: RS485Control, board: BoardConfig) throws(HALError) -> SerialPortSettings.RS485Direction {
        switch control {
        case .none: return .automatic
        case .kernel: return .kernel
        case .rts: return .rts(activeHigh: true)
        case .gpio(let pinName, let activeLow):
            guard let pin = board.pin(named: pinName), let chip = board.chip(named: pin.chip) else {
                throw HALError(.invalidArgument, operation: "RS-485 direction", context: "bus \(name)",
                               detail: "board \(board.id) has no pin \(pinName) on a known chip")
            }
            return .gpio(chipLabel: chip.label, line: UInt32(pin.line), activeLow: activeLow)
        }
    }
}
