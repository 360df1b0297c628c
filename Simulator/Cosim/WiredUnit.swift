import Config
import Plant

/// A unit and the plant file's wiring of its device points: everything a co-simulation needs
/// besides the plant itself.
public struct WiredUnit: Sendable {
    public var unit: UnitConfig
    public var bindings: [String: SignalBinding]
    /// The file the bindings come from, for errors.
    public var bindingsFile: String

    public init(unit: UnitConfig, bindings: [String: SignalBinding], bindingsFile: String) {
        self.unit = unit
        self.bindings = bindings
        self.bindingsFile = bindingsFile
    }

    /// The wiring resolved against `plant`'s signals; throws every binding problem.
    public func wiring(for plant: any InstrumentedPlant) throws(ConfigErrors) -> PointWiring {
        try PointWiring(bindings: bindings, unit: unit, plant: plant, file: bindingsFile)
    }

    /// The first generic PID loop whose PV is the point wired to `signal`.
    public func loop(readingSignal signal: String) -> LoopConfig? {
        unit.control.loops.first { loop in
            guard case .pid(let pid) = loop.kind else { return false }
            return bindings[pid.pv.imageKey]?.signal == signal
        }
    }
}
