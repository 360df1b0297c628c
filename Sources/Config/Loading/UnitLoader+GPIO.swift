extension UnitLoader {
    /// Every `[gpio.<name>]`, each on a board pin whose line no other point, UART or RS-485 DE uses.
    func readGPIO(_ reader: TableReader, unit: UnitConfig) -> [GPIOPointConfig] {
        var points: [GPIOPointConfig] = []
        let reserved = reservedLines(unit)
        for (name, gpio) in reader.table("gpio")?.subtables() ?? [] {
            if let device = unit.device(named: name) {
                gpio.tableError("name '\(name)' is already used by devices.\(name) (line \(device.line))")
            }
            let direction: GPIODirection? = gpio.choice("direction", default: nil)
            let pinName = gpio.string("pin")
            var point = GPIOPointConfig(name: name, direction: direction ?? .input, pin: pinName ?? "", chipLabel: "", line: 0,
                                        activeLow: gpio.bool("active_low", default: false),
                                        bias: gpio.choice("bias", default: LineBiasSetting.asIs) ?? .asIs,
                                        debounce: 0, initial: false, safe: false, lineInFile: gpio.line)
            if direction == .output {
                point.initial = gpio.bool("initial", default: false)
                point.safe = gpio.bool("safe", default: false)
                rejectKeys(["debounce_ms"], in: gpio, because: "only for inputs")
            } else {
                point.debounce = Double(gpio.int("debounce_ms", default: 20, range: 0...10000, unit: "ms") ?? 20) / 1000
                rejectKeys(["initial", "safe"], in: gpio, because: "only for outputs")
            }
            guard let pinName, direction != nil, boardKnown else { continue }
            let pinNode = gpio.table["pin"]
            guard let pin = board.pin(named: pinName), let chip = board.chip(named: pin.chip) else {
                gpio.error("pin", undefinedMessage("pin", pinName, "on board '\(board.id)'", defined: board.pins.map(\.name)), at: pinNode)
                continue
            }
            point.chipLabel = chip.label
            point.line = pin.line
            if let other = points.first(where: { $0.chipLabel == chip.label && $0.line == pin.line }) {
                gpio.error("pin", "line \(pin.chip):\(pin.line) (pin '\(pin.name)') is already used by gpio.\(other.name) (line \(other.lineInFile))",
                           at: pinNode)
            } else if let user = reserved[LineKey(chip: pin.chip, line: pin.line)] {
                gpio.error("pin", "pin '\(pinName)' is \(user)", at: pinNode)
            }
            points.append(point)
        }
        return points
    }

    struct LineKey: Hashable {
        var chip: String
        var line: Int
    }

    /// Lines that cannot be GPIO points: every UART's pins, and the DE pin of each UART a bus uses.
    func reservedLines(_ unit: UnitConfig) -> [LineKey: String] {
        var reserved: [LineKey: String] = [:]
        func reserve(_ pinName: String, _ why: String) {
            guard let pin = board.pin(named: pinName) else { return }
            reserved[LineKey(chip: pin.chip, line: pin.line)] = reserved[LineKey(chip: pin.chip, line: pin.line)] ?? why
        }
        for uart in board.uarts {
            for pin in uart.pins { reserve(pin, "used by UART '\(uart.name)'") }
        }
        for bus in unit.buses {
            guard case .rtu(let rtu) = bus.transport, case .gpio(let dePin, _) = rtu.rs485,
                  let uart = board.uarts.first(where: { $0.device == rtu.device }) else { continue }
            reserve(dePin, "the RS-485 DE pin of UART '\(uart.name)' (bus '\(bus.name)')")
        }
        return reserved
    }

    /// Keys that make no sense here: allowed (so not "unknown") but reported with the reason.
    func rejectKeys(_ keys: [String], in reader: TableReader, because reason: String) {
        for key in keys {
            if let node = reader.node(key) { reader.error(key, reason, at: node) }
        }
    }
}
