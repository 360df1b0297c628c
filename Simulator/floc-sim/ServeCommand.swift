import CommandLineSupport
import ArgumentParser
import Config
import Dispatch
import Emulator
import Foundation
import HAL
import Logging
import Plant

/// `floc-sim serve`: serve the plant's (or scenario's) unit over Modbus TCP and RTU until
/// SIGINT/SIGTERM or `--duration`, advancing the plant in real or scaled time, taking fault
/// and plant commands on the control socket.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the unit's devices from the plant until SIGINT/SIGTERM.",
        discussion: """
        TCP buses are served on 127.0.0.1 at the unit's port (or --tcp-port); each RTU bus on a pty pair \
        made by socat, the controller's end at the bus's device path (the board's UART, e.g. \
        /tmp/floc-sim/rs485-0) and the simulator's at the same path + ".plant". Prints one ready line, \
        then a plant summary every --summary-every seconds. Faults and plant values change at run time \
        through the control socket (floc-sim fault ..., floc-sim plant ...).
        """
    )

    @OptionGroup var options: ScenarioOptions

    @Option(help: "Simulated seconds per wall-clock second.")
    var speed: Double = 1

    @Option(help: "Stop after this many wall-clock seconds (default: serve until SIGINT/SIGTERM).")
    var duration: Double?

    @Option(name: .customLong("tcp-port"), help: "Serve the unit's TCP bus on this port instead (0: any free port; one TCP bus only).")
    var tcpPort: Int?

    @Option(name: .customLong("summary-every"), help: "Print the plant summary every this many wall-clock seconds (0: never).")
    var summaryEvery: Double = 10

    @Option(name: .customLong("control-socket"),
            help: "Unix socket for fault and plant commands (default: \(ControlSocketOption.defaultPath); \"none\": no socket).")
    var controlSocket: String?

    func validate() throws {
        guard speed > 0, speed <= 100_000 else { throw ValidationError("--speed must be in (0, 100000]") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let tcpPort, !(0...65535).contains(tcpPort) { throw ValidationError("--tcp-port must be 0...65535") }
        guard summaryEvery >= 0 else { throw ValidationError("--summary-every must not be negative") }
    }

    func run() throws {
        let logger = options.bootstrapLogging()
        let (scenario, unit, plant) = try options.load()
        let emulator = Emulator(unit: unit, scenario: scenario, plant: plant, logger: logger)
        let tcpBuses = unit.buses.filter { if case .tcp = $0.transport { emulator.servers[$0.name] != nil } else { false } }
        if tcpPort != nil, tcpBuses.count > 1 {
            throw fail("--tcp-port needs a unit with one TCP bus; \(unit.name) has \(tcpBuses.count)")
        }
        var pairs: [PtyPair] = []
        defer { for pair in pairs { pair.stop() } }
        var endpoints: [String: Emulator.BusEndpoint] = [:]
        for bus in unit.buses where emulator.servers[bus.name] != nil {
            switch bus.transport {
            case .tcp:
                endpoints[bus.name] = tcpPort.map { .tcp(port: $0) } ?? Emulator.defaultEndpoint(for: bus, serialDevice: "")
            case .rtu(let rtu):
                do {
                    pairs.append(try PtyPair(controllerPath: rtu.device, plantPath: rtu.device + ".plant"))
                } catch {
                    throw fail("bus \(bus.name): \(error)")
                }
                endpoints[bus.name] = Emulator.defaultEndpoint(for: bus, serialDevice: rtu.device + ".plant")
            }
        }
        let control = EmulatorControl(emulator)
        var socket: ControlSocket?
        if controlSocket != "none" {
            do {
                socket = try ControlSocket(path: controlSocket ?? ControlSocketOption.defaultPath) { control.execute($0) }
            } catch {
                // A second simulator on other ports is fine without faults at run time; one
                // that was asked for its socket is not.
                guard controlSocket == nil else { throw fail("\(error)") }
                logger.warning("\(error); serving without a control socket (choose one with --control-socket)")
            }
        }
        defer { socket?.stop() }
        do { try emulator.start(endpoints) } catch { throw fail("\(error)") }
        defer { emulator.stop() }
        printLine(readyLine(emulator, pairs: pairs) + (socket.map { "; control \($0.path)" } ?? ""))
        let reason = loop(control, tick: scenario.tick)
        logger.info("stopping", metadata: ["reason": "\(reason)", "simulated_s": "\(Int(control.withEmulator(\.time)))"])
    }

    /// `floc-sim: serving <unit> (...); TCP 127.0.0.1:<port>; RTU <path>`.
    private func readyLine(_ emulator: Emulator, pairs: [PtyPair]) -> String {
        var parts = ["floc-sim: serving \(emulator.unit.name) (\(emulator.devices.count) devices, "
            + "plant model '\(emulator.scenario.plant.model)', speed \(formatted(speed))x)"]
        for bus in emulator.unit.buses {
            guard let server = emulator.servers[bus.name], server.isRunning else { continue }
            if server.port > 0 {
                parts.append("TCP 127.0.0.1:\(server.port)")
            } else if let pair = pairs.first(where: { $0.plantPath == server.device }) {
                parts.append("RTU \(pair.controllerPath)")
            }
        }
        return parts.joined(separator: "; ")
    }

    /// Steps the emulator every tick by the wall time elapsed x speed, on absolute
    /// deadlines; returns why it stopped.
    private func loop(_ control: EmulatorControl, tick: Double) -> String {
        let stop = TerminationSignals()
        let start = DispatchTime.now().uptimeNanoseconds
        func wall() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let period = max(0.01, min(tick / speed, 0.1))
        var tick = 0
        var lastWall = 0.0
        var nextSummary = summaryEvery
        while true {
            tick += 1
            let deadline = Double(tick) * period
            if let duration, deadline > duration {
                if let signal = stop.wait(seconds: duration - wall()) { return signal }
                return "end of --duration"
            }
            if let signal = stop.wait(seconds: deadline - wall()) { return signal }
            let now = wall()
            control.step(by: (now - lastWall) * speed)
            lastWall = now
            if summaryEvery > 0, now >= nextSummary {
                printLine(control.withEmulator(PlantSummary.line))
                nextSummary += summaryEvery
            }
        }
    }

    private func fail(_ message: String) -> ExitCode {
        printError("floc-sim: " + message)
        return ExitCode.failure
    }
}

func formatted(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.3g", value)
}
