import Plant

/// A plant without physics: signals hold what they were set to, by hand (``set(_:to:)``) or
/// by the controller's commands. For tests, for commissioning a unit's wiring, and as
/// floc-sim's `table` plant model.
public final class TablePlant: InstrumentedPlant {
    public private(set) var signals: [PlantSignal]
    private var values: [String: Double]
    /// Simulated seconds advanced so far.
    public private(set) var elapsed: Double = 0
    /// Every accepted command, in order (signal, value): what the controller asked for.
    public private(set) var commands: [(signal: String, value: Double)] = []

    /// A plant with `signals`, each starting at `initial[name]` or 0.
    public init(signals: [PlantSignal], initial: [String: Double] = [:]) {
        self.signals = signals
        values = Dictionary(signals.map { ($0.name, initial[$0.name] ?? 0) }, uniquingKeysWith: { first, _ in first })
    }

    public func advance(by seconds: Double) {
        if seconds.isFinite, seconds > 0 { elapsed += seconds }
    }

    public func value(of signal: String) -> Double? { values[signal] }

    @discardableResult
    public func command(_ signal: String, to value: Double) -> Bool {
        guard value.isFinite, signals.contains(where: { $0.name == signal && $0.direction == .commanded }) else {
            return false
        }
        values[signal] = value
        commands.append((signal, value))
        return true
    }

    /// Sets any signal, measured or commanded, as a person at the plant would; false (and
    /// nothing changes) for an unknown name or a non-finite value.
    @discardableResult
    public func set(_ signal: String, to value: Double) -> Bool {
        guard value.isFinite, values[signal] != nil else { return false }
        values[signal] = value
        return true
    }
}
