import Foundation
import Plant

/// The one way into a running ``Emulator`` from other threads: the tick loop steps it and
/// the control socket executes commands, one at a time under one lock.
///
/// Each command line gets one answer line: `ok ...` or `error: <reason>`. Bad input is
/// answered, never thrown, so a client cannot stop the simulator.
public final class EmulatorControl: @unchecked Sendable {
    // @unchecked: the emulator and its plant are touched only while `lock` is held.
    private let emulator: Emulator
    private let lock = NSLock()

    public init(_ emulator: Emulator) { self.emulator = emulator }

    /// Runs `body` with the emulator, excluding every other caller meanwhile.
    public func withEmulator<T>(_ body: (Emulator) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(emulator)
    }

    /// One emulator tick of `seconds` simulated seconds.
    public func step(by seconds: Double) { withEmulator { $0.step(by: seconds) } }

    /// Parses and executes one command line; the answer has no line break.
    public func execute(_ line: String) -> String {
        do {
            let request = try ControlRequest.parse(line)
            return try withEmulator { try Self.execute(request, on: $0) }
        } catch let error as FaultRejection {
            return "error: " + error.reason
        } catch {
            return "error: \(error)"
        }
    }

    static func execute(_ request: ControlRequest, on emulator: Emulator) throws(FaultRejection) -> String {
        switch request {
        case .help:
            return "ok " + ControlRequest.usage
        case .status:
            return "ok t=\(InjectedFault.seconds(emulator.time)) s; unit \(emulator.unit.name); plant model "
                + "'\(emulator.scenario.plant.model)'; \(emulator.activeFaults.count) active faults "
                + "(\(emulator.injected.count) injected)"
        case .addFault(let spec, let duration):
            let fault = try emulator.inject(spec, duration: duration)
            return "ok " + fault.summary(at: emulator.time)
        case .clearFault(let id?):
            guard emulator.clearFault(id: id) else { throw FaultRejection(reason: "no injected fault #\(id) (see 'fault list')") }
            return "ok cleared #\(id)"
        case .clearFault(nil):
            let count = emulator.clearAllFaults()
            return "ok cleared \(count) fault\(count == 1 ? "" : "s")"
        case .listFaults:
            let listed = emulator.injected.map { $0.summary(at: emulator.time) }
            return "ok \(listed.count) fault\(listed.count == 1 ? "" : "s")" + (listed.isEmpty ? "" : ": " + listed.joined(separator: "; "))
        case .listSignals:
            return "ok " + emulator.plant.signals.map { "\($0.name) (\($0.direction.rawValue), \($0.unit))" }.joined(separator: "; ")
        case .getSignal(let name):
            guard let value = emulator.plant.value(of: name) else { throw unknownSignal(name, emulator.plant) }
            return "ok \(name) = \(format(value))" + unit(of: name, emulator.plant)
        case .setSignal(let name, let value):
            try set(name, value, emulator)
            return "ok \(name) = \(format(value))" + unit(of: name, emulator.plant)
        }
    }

    /// A table plant takes any signal; a physical model only its commanded ones (what it
    /// measures comes from its physics: a fault changes what the instrument shows).
    private static func set(_ name: String, _ value: Double, _ emulator: Emulator) throws(FaultRejection) {
        let plant = emulator.plant
        guard let signal = plant.signals.first(where: { $0.name == name }) else { throw unknownSignal(name, plant) }
        if let table = plant as? TablePlant {
            table.set(name, to: value)
        } else if signal.direction == .commanded {
            guard plant.command(name, to: value) else { throw FaultRejection(reason: "the plant refused \(name) = \(format(value))") }
        } else {
            throw FaultRejection(reason: "\(name) is measured: the '\(emulator.scenario.plant.model)' model computes it; "
                + "set a commanded signal, or change what the instrument shows with a fault (stuck, drift, dead)")
        }
        emulator.step(by: 0)
    }

    private static func unknownSignal(_ name: String, _ plant: any InstrumentedPlant) -> FaultRejection {
        FaultRejection(reason: "the plant has no signal '\(name)' (see 'plant list')")
    }

    private static func unit(of name: String, _ plant: any InstrumentedPlant) -> String {
        plant.signals.first { $0.name == name }.map { $0.unit.isEmpty ? "" : " " + $0.unit } ?? ""
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.6g", value)
    }
}
