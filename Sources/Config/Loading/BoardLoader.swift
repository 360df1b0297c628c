/// Reads a board file (`Boards/<board>.toml`) into a `BoardConfig`, checking its own references
/// (pin -> chip, UART pins, DE pin, roles). Errors go to the diagnostics; the result is best effort.
enum BoardLoader {
    /// RS-485 modes as written in board and bus files.
    enum RS485Mode: String, CaseIterable { case none, kernel, rts, gpio }

    static let capabilityTags = ["gpio", "uart", "rs485", "watchdog", "status-led", "can", "ethernet", "usb-serial", "rtc"]

    static func load(_ path: String, diagnostics: ConfigDiagnostics) -> BoardConfig? {
        ConfigDocument.read(path, diagnostics: diagnostics) { read($0, id: ConfigPath.baseName(path), file: path) }
    }

    static func read(_ root: TableReader, id: String, file: String) -> BoardConfig {
        var board = BoardConfig(id: id, model: "", vendor: "", source: "", capabilities: [], chips: [], pins: [],
                                uarts: [], roles: [:], watchdog: nil, file: file)
        if let info = root.table("board", required: true) {
            board.model = info.string("model") ?? ""
            board.vendor = info.string("vendor") ?? ""
            board.source = info.string("source") ?? ""
            board.capabilities = info.stringArray("capabilities")
            for tag in board.capabilities where !capabilityTags.contains(tag) {
                info.error("capabilities", "'\(tag)' is not one of: \(capabilityTags.joined(separator: ", "))",
                           at: info.table["capabilities"])
            }
        }
        for (name, chip) in root.table("chips")?.subtables() ?? [] {
            board.chips.append(GPIOChipConfig(name: name, label: chip.string("label") ?? "",
                                              lines: chip.int("lines", default: nil, range: 1...1024, unit: "lines") ?? 1024))
        }
        board.pins = readPins(root, chips: board.chips)
        for (name, uart) in root.table("uarts")?.subtables() ?? [] {
            board.uarts.append(readUART(name, uart, board: board))
        }
        if let roles = root.table("roles") {
            for key in roles.table.keys {
                guard let target = roles.string(key) else { continue }
                if board.uart(named: target) == nil && board.pin(named: target) == nil {
                    roles.error(key, undefinedMessage("UART or pin", target, defined: board.uarts.map(\.name) + board.pins.map(\.name)),
                                at: roles.table[key])
                }
                board.roles[key] = target
            }
        }
        if let watchdog = root.table("watchdog") {
            let device = watchdog.string("device") ?? ""
            checkAbsolute(device, key: "device", in: watchdog)
            let timeout = watchdog.int("max_timeout_s", default: nil, range: 1...3600, unit: "s") ?? 15
            board.watchdog = WatchdogConfig(device: device, maxTimeout: Double(timeout))
        }
        return board
    }

    static func readPins(_ root: TableReader, chips: [GPIOChipConfig]) -> [PinConfig] {
        var pins: [PinConfig] = []
        var owners: [String: String] = [:]  // name or alias -> pin
        for (name, pin) in root.table("pins")?.subtables() ?? [] {
            let chipName = pin.string("chip") ?? ""
            var line = pin.int("line", default: nil, range: 0...1023) ?? 0
            if let chip = chips.first(where: { $0.name == chipName }) {
                if line >= chip.lines, let node = pin.table["line"] {
                    pin.outOfRange("line", "\(line)", range: "0...\(chip.lines - 1)", unit: "(chip '\(chipName)' has \(chip.lines) lines)", node)
                    line = 0
                }
            } else if pin.table["chip"]?.string != nil {
                pin.error("chip", undefinedMessage("chip", chipName, defined: chips.map(\.name)), at: pin.table["chip"])
            }
            let aliases = pin.stringArray("aliases")
            for alias in [name] + aliases {
                if let owner = owners[alias] {
                    let message = "name '\(alias)' is already used by pin '\(owner)'"
                    if alias == name { pin.tableError(message) } else { pin.error("aliases", message, at: pin.table["aliases"]) }
                }
                owners[alias] = name
            }
            pins.append(PinConfig(name: name, chip: chipName, line: line, aliases: aliases))
        }
        return pins
    }

    static func readUART(_ name: String, _ uart: TableReader, board: BoardConfig) -> UARTConfig {
        let device = uart.string("device") ?? ""
        checkAbsolute(device, key: "device", in: uart)
        let pins = uart.stringArray("pins")
        for pin in pins where board.pin(named: pin) == nil {
            uart.error("pins", undefinedMessage("pin", pin, defined: board.pins.map(\.name)), at: uart.table["pins"])
        }
        let mode = uart.choice("rs485", default: RS485Mode.none) ?? RS485Mode.none
        var rs485 = RS485Control.none
        switch mode {
        case .none: rs485 = .none
        case .kernel: rs485 = .kernel
        case .rts: rs485 = .rts
        case .gpio:
            let pin = uart.string("de_pin") ?? ""
            if !pin.isEmpty && board.pin(named: pin) == nil {
                uart.error("de_pin", undefinedMessage("pin", pin, defined: board.pins.map(\.name)), at: uart.table["de_pin"])
            }
            rs485 = .gpio(pin: pin, activeLow: uart.bool("de_active_low", default: false))
        }
        if mode != .gpio {
            for key in ["de_pin", "de_active_low"] where uart.node(key) != nil {
                uart.error(key, "only allowed with rs485 = \"gpio\"", at: uart.table[key])
            }
        }
        return UARTConfig(name: name, device: device, pins: pins, rs485: rs485)
    }

    static func checkAbsolute(_ path: String, key: String, in reader: TableReader) {
        if !path.isEmpty && !path.hasPrefix("/") {
            reader.error(key, "'\(path)' is not an absolute path", at: reader.table[key])
        }
    }
}
