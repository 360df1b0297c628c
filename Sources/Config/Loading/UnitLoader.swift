/// Reads a unit file into a `UnitConfig`, loading its board and device profiles and checking
/// every reference between them. Errors go to the diagnostics; the result is best effort.
struct UnitLoader {
    enum BusType: String, CaseIterable { case rtu, tcp }
    /// RS-485 modes a bus may override; `gpio` needs a DE pin, which only a board names.
    enum BusRS485: String, CaseIterable { case none, kernel, rts }

    let file: String
    let boardsDirectory: String
    let diagnostics: ConfigDiagnostics
    /// Profiles by id, loaded once however many devices use them (nil: missing or unreadable).
    var profiles: [String: DeviceProfile?] = [:]
    var board: BoardConfig
    /// False when the board could not be loaded: references into it are then not checked.
    var boardKnown = false

    init(file: String, boardsDirectory: String, diagnostics: ConfigDiagnostics) {
        self.file = file
        self.boardsDirectory = boardsDirectory
        self.diagnostics = diagnostics
        board = BoardConfig(id: "", model: "", vendor: "", source: "", capabilities: [], chips: [], pins: [],
                            uarts: [], roles: [:], watchdog: nil, file: "")
    }

    mutating func load(_ root: TOMLTable) -> UnitConfig {
        let reader = TableReader(root, path: [], file: file, line: 0, diagnostics: diagnostics)
        var unit = UnitConfig(name: "", description: "", board: board, scanPeriod: 0.5, buses: [], devices: [], gpio: [], file: file)
        if let info = reader.table("unit", required: true) {
            unit.name = info.string("name") ?? ""
            unit.description = info.string("description", default: "") ?? ""
            unit.scanPeriod = Double(info.int("scan_period_ms", default: 500, range: 10...10000, unit: "ms") ?? 500) / 1000
            if let name = info.string("board") { loadBoard(name, info) }
        }
        unit.board = board
        let buses = reader.table("buses")
        unit.buses = (buses?.subtables() ?? []).compactMap { readBus($0.name, $0.reader) }
        if let buses { checkSharedSerialDevices(unit.buses, buses) }
        for (name, device) in reader.table("devices")?.subtables() ?? [] {
            if let config = readDevice(name, device, unit: unit, declaredBuses: buses?.table.keys ?? []) { unit.devices.append(config) }
        }
        unit.gpio = readGPIO(reader, unit: unit)
        var control = ControlLoader(unit: unit, declaredDevices: root["devices"]?.table?.keys ?? [],
                                    declaredGPIO: root["gpio"]?.table?.keys ?? [])
        unit.control = control.load(reader)
        unit.retain = readRetain(reader)
        unit.supervision = readSupervision(reader)
        unit.uplinks = readUplinks(reader, unit: unit)
        unit.historian = readHistorian(reader, unit: unit)
        reader.finish()
        return unit
    }

    mutating func loadBoard(_ name: String, _ info: TableReader) {
        let path = ConfigPath.join(boardsDirectory, name + ".toml")
        guard ConfigDocument.exists(path) else {
            info.error("board", "undefined board '\(name)' (no file \(path))", at: info.table["board"])
            return
        }
        if let loaded = BoardLoader.load(path, diagnostics: diagnostics) {
            board = loaded
            boardKnown = true
        }
    }

    // MARK: Buses

    func readBus(_ name: String, _ bus: TableReader) -> BusConfig? {
        let type: BusType? = bus.choice("type", default: nil)
        let timeout = Double(bus.int("response_timeout_ms", default: 500, range: 10...10000, unit: "ms") ?? 500) / 1000
        switch type {
        case .tcp:
            let host = bus.string("host") ?? ""
            let port = bus.int("port", default: 502, range: 1...65535) ?? 502
            return BusConfig(name: name, transport: .tcp(host: host, port: port), responseTimeout: timeout, line: bus.line)
        case .rtu:
            guard let rtu = readRTU(bus) else { return nil }
            return BusConfig(name: name, transport: .rtu(rtu), responseTimeout: timeout, line: bus.line)
        case nil:
            return nil
        }
    }

    func readRTU(_ bus: TableReader) -> RTUConfig? {
        let port = bus.optionalString("port")
        let device = bus.optionalString("device")
        var rtu = RTUConfig(port: port ?? "", device: device ?? "", baud: 9600, parity: .none, dataBits: 8, stopBits: 1, rs485: .none)
        rtu.baud = bus.int("baud", default: 9600, range: 1200...921600, unit: "baud") ?? 9600
        rtu.parity = bus.choice("parity", default: RTUConfig.Parity.none) ?? .none
        rtu.dataBits = bus.int("data_bits", default: 8, range: 7...8, unit: "bits") ?? 8
        rtu.stopBits = bus.int("stop_bits", default: 1, range: 1...2, unit: "bits") ?? 1
        let rs485Override: BusRS485? = bus.optionalChoice("rs485")
        switch (port, device) {
        case (nil, nil):
            if bus.table["port"] == nil && bus.table["device"] == nil { bus.tableError("one of 'port' (board UART or role) or 'device' (path) is required") }
            return nil
        case (.some, .some):
            bus.error("device", "give either 'port' or 'device', not both", at: bus.table["device"])
            return nil
        case (nil, .some(let path)):
            BoardLoader.checkAbsolute(path, key: "device", in: bus)
        case (.some(let port), nil):
            guard boardKnown else { return nil }
            guard let uart = resolveUART(port, bus) else { return nil }
            rtu.device = uart.device
            rtu.rs485 = uart.rs485
        }
        if let mode = rs485Override {
            switch mode {
            case .none: rtu.rs485 = .none
            case .kernel: rtu.rs485 = .kernel
            case .rts: rtu.rs485 = .rts
            }
        }
        return rtu
    }

    /// A port names a board UART, or a role bound to one.
    func resolveUART(_ port: String, _ bus: TableReader) -> UARTConfig? {
        let node = bus.table["port"]
        if let uart = board.uart(named: port) { return uart }
        if let target = board.roles[port] {
            if let uart = board.uart(named: target) { return uart }
            bus.error("port", "role '\(port)' of board '\(board.id)' names pin '\(target)', not a UART", at: node)
            return nil
        }
        let defined = board.uarts.map(\.name) + board.roles.filter { board.uart(named: $0.value) != nil }.keys.sorted()
        bus.error("port", undefinedMessage("UART or role", port, "on board '\(board.id)'", defined: defined), at: node)
        return nil
    }

    /// Two buses cannot drive one serial device.
    func checkSharedSerialDevices(_ buses: [BusConfig], _ busesReader: TableReader) {
        var seen: [String: BusConfig] = [:]
        for bus in buses {
            guard case .rtu(let rtu) = bus.transport, !rtu.device.isEmpty else { continue }
            if let first = seen[rtu.device] {
                busesReader.error(bus.name, "serial device \(rtu.device) is already used by bus '\(first.name)' (line \(first.line))",
                                  at: busesReader.table[bus.name])
            } else {
                seen[rtu.device] = bus
            }
        }
    }
}
