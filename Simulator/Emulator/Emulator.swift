import Config
import HAL
import HALLinux
import Logging
import Plant

/// Presents a plant's instruments and actuators as the unit's Modbus devices: one server
/// per bus (TCP on 127.0.0.1, or RTU on a serial device), one bank per device sized from
/// its profile, points bound to plant signals, timed register-level faults.
///
/// Not thread-safe: one thread calls ``step(by:)`` (the plant is touched there only); the
/// servers answer from their own threads out of the banks.
public final class Emulator {
    /// Where one bus is served.
    public enum BusEndpoint: Sendable, Equatable {
        /// Modbus TCP on 127.0.0.1; port 0 lets the kernel choose.
        case tcp(port: Int)
        /// Modbus RTU on a serial device (the server's end of a pty pair).
        case rtu(SerialPortSettings)
    }

    public let unit: UnitConfig
    public let scenario: Scenario
    public let plant: any InstrumentedPlant
    public let devices: [EmulatedDevice]
    /// One server per bus with devices, by bus name.
    public let servers: [String: LibmodbusServer]
    /// Simulated seconds since start.
    public private(set) var time: Double = 0
    /// Faults injected at run time and not yet cleared or over, oldest first.
    public internal(set) var injected: [InjectedFault] = []
    var nextFaultID = 1
    private let requestFaults: [String: RequestFaults]

    /// Builds the banks and servers (not started) and encodes the plant's initial state.
    public init(unit: UnitConfig, scenario: Scenario, plant: any InstrumentedPlant, logger: Logger) {
        self.unit = unit
        self.scenario = scenario
        self.plant = plant
        var servers: [String: LibmodbusServer] = [:]
        var faults: [String: RequestFaults] = [:]
        var devices: [EmulatedDevice] = []
        for bus in unit.buses {
            let onBus = unit.devices(on: bus.name)
            guard !onBus.isEmpty else { continue }
            let layouts = Dictionary(onBus.map { (UInt8(clamping: $0.address), EmulatedDevice.layout(for: $0.profile)) },
                                     uniquingKeysWith: { first, _ in first })
            let server = LibmodbusServer(units: layouts)
            let board = RequestFaults()
            server.requestFilter = { board.disposition(for: $0) }
            servers[bus.name] = server
            faults[bus.name] = board
            for device in onBus {
                devices.append(EmulatedDevice(config: device, bank: server.bank(unit: UInt8(clamping: device.address))!,
                                              scenario: scenario, logger: logger))
            }
        }
        self.servers = servers
        self.devices = devices
        requestFaults = faults
        for device in devices { device.prime(from: plant) }
        schedulePlantFaults(scenario.faults)
        updateFaults()
        for device in devices { device.refresh(from: plant, faults: pointFaults(of: device), time: 0) }
    }

    deinit { stop() }

    public func device(named name: String) -> EmulatedDevice? { devices.first { $0.name == name } }

    /// The faults acting now: the scenario's and those injected at run time.
    public var activeFaults: [FaultSpec] { (scenario.faults + injected.map(\.spec)).filter { $0.isActive(at: time) } }

    /// The endpoint a bus gets by default: its own TCP port, or RTU with its framing on
    /// `serialDevice` (the server's end of the pty pair whose other end the bus opens).
    public static func defaultEndpoint(for bus: BusConfig, serialDevice: String) -> BusEndpoint {
        switch bus.transport {
        case .tcp(_, let port):
            return .tcp(port: port)
        case .rtu(let rtu):
            let parity: SerialPortSettings.Parity = switch rtu.parity {
            case .none: .none
            case .even: .even
            case .odd: .odd
            }
            return .rtu(SerialPortSettings(device: serialDevice, baud: rtu.baud, parity: parity,
                                           dataBits: rtu.dataBits, stopBits: rtu.stopBits))
        }
    }

    /// Starts each bus's server at its endpoint (a bus missing from `endpoints` is not
    /// served). Fails with the first server that cannot start; those started are stopped.
    public func start(_ endpoints: [String: BusEndpoint]) throws(HALError) {
        do {
            for (bus, server) in servers.sorted(by: { $0.key < $1.key }) {
                switch endpoints[bus] {
                case .tcp(let port): try server.start(port: port)
                case .rtu(let settings): try server.start(serial: settings)
                case nil: continue
                }
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Stops every server; harmless when not started.
    public func stop() {
        for server in servers.values { server.stop() }
    }

    /// One emulator tick: the controller's writes become plant commands, the plant advances
    /// `seconds` of simulated time, faults are brought up to date and every read-only point
    /// is encoded again.
    public func step(by seconds: Double) {
        for device in devices { device.applyWrites(to: plant) }
        plant.advance(by: seconds)
        time += max(0, seconds)
        injected.removeAll { $0.spec.end.map { $0 <= time } ?? false }
        updateFaults()
        for device in devices { device.refresh(from: plant, faults: pointFaults(of: device), time: time) }
    }

    func pointFaults(of device: EmulatedDevice) -> [FaultSpec] {
        activeFaults.filter { $0.device == device.name && $0.kind.isPointFault }
    }

    func updateFaults() {
        let active = activeFaults.filter { !$0.kind.isPointFault }
        for bus in unit.buses {
            guard let board = requestFaults[bus.name] else { continue }
            var byUnit: [UInt8: [FaultSpec.Kind]] = [:]
            for fault in active {
                guard let device = unit.device(named: fault.device), device.bus == bus.name else { continue }
                byUnit[UInt8(clamping: device.address), default: []].append(fault.kind)
            }
            board.replace(byUnit)
        }
    }
}
