import Config
import FieldIO
import HAL
import Plant

/// A unit's device points wired to a plant's signals: what each scan's field image reads (as
/// the bus pollers would have decoded it) and what the written outputs command.
///
/// A read point bound whole shows `signal x scale + offset`, `out-of-range` outside its profile
/// range as FieldIO decodes it; a status word bound bit by bit shows each named flag (signal
/// >= 0.5). A written point commands its signal, or one signal per bound bit of a control word.
public struct PointWiring: Sendable {
    struct Input: Sendable {
        var key: String
        var spec: PointSpec
        var whole: SignalBinding?
        var flags: [(name: String, bit: Int, binding: SignalBinding)]
    }

    struct Output: Sendable {
        var key: String
        var whole: SignalBinding?
        var bits: [(bit: Int, binding: SignalBinding)]
    }

    private(set) var inputs: [Input] = []
    private(set) var outputs: [String: Output] = [:]
    /// Image keys of the read points, sorted.
    public var inputKeys: [String] { inputs.map(\.key) }

    /// Resolves `bindings` against the unit and the plant; throws every problem at once
    /// (unknown device, point, bit or signal; a read-only signal bound to a written point).
    public init(bindings: [String: SignalBinding], unit: UnitConfig, plant: any InstrumentedPlant,
                file: String) throws(ConfigErrors) {
        var problems: [ConfigError] = []
        let signals = Dictionary(plant.signals.map { ($0.name, $0.direction) }, uniquingKeysWith: { a, _ in a })
        var inputsByKey: [String: Input] = [:]
        for (key, binding) in bindings.sorted(by: { $0.key < $1.key }) {
            func fail(_ message: String) { problems.append(ConfigError(file: file, line: 0, key: "bindings.\(key)", message: message)) }
            let parts = key.split(separator: ".").map(String.init)
            guard (2...3).contains(parts.count), let device = unit.device(named: parts[0]) else {
                fail("expected <device>.<point>[.<bit>] of a device of unit \(unit.name)")
                continue
            }
            guard let spec = device.profile.point(named: parts[1]) else {
                fail("profile \(device.profile.id) has no point '\(parts[1])'")
                continue
            }
            guard let direction = signals[binding.signal] else {
                fail("the plant has no signal '\(binding.signal)'")
                continue
            }
            var bit: Int?
            if parts.count == 3 {
                bit = spec.flags.first { $0.name == parts[2] }?.bit ?? (spec.table.isBit ? nil : Int(parts[2]))
                if bit == nil { fail("point \(parts[1]) has no bit '\(parts[2])'"); continue }
            }
            let imageKey = PointImage.key(device: device.name, point: spec.name)
            if spec.access.canWrite {
                guard direction == .commanded else { fail("'\(binding.signal)' is measured: a written point must command a signal"); continue }
                var output = outputs[imageKey] ?? Output(key: imageKey, whole: nil, bits: [])
                if let bit { output.bits.append((bit, binding)) } else { output.whole = binding }
                outputs[imageKey] = output
            } else {
                var input = inputsByKey[imageKey] ?? Input(key: imageKey, spec: spec, whole: nil, flags: [])
                if let bit, parts.count == 3 { input.flags.append((parts[2], bit, binding)) } else { input.whole = binding }
                inputsByKey[imageKey] = input
            }
        }
        if !problems.isEmpty { throw ConfigErrors(problems) }
        inputs = inputsByKey.values.sorted { $0.key < $1.key }
    }

    /// The field image as the pollers would have read it from `plant` at `time`.
    public func samples(from plant: any InstrumentedPlant, at time: MonotonicInstant) -> [String: PointSample] {
        var samples: [String: PointSample] = [:]
        for input in inputs {
            var word = 0
            var flags: [String: Bool] = [:]
            for flag in input.flags {
                let on = flag.binding.pointValue(plant.value(of: flag.binding.signal) ?? 0) >= 0.5
                flags[flag.name] = on
                if on { word |= 1 << flag.bit }
            }
            let value = input.whole.map { $0.pointValue(plant.value(of: $0.signal) ?? .nan) } ?? Double(word)
            let inRange = value.isFinite && (input.spec.range?.contains(value) ?? true)
            samples[input.key] = PointSample(value: value, quality: inRange ? .good : .outOfRange, time: time, flags: flags)
        }
        return samples
    }

    /// Applies written outputs (engineering values by image key) to the plant; returns the
    /// keys that are not wired.
    @discardableResult
    public func apply(_ values: [String: Double], to plant: any InstrumentedPlant) -> [String] {
        var unwired: [String] = []
        for (key, value) in values {
            guard let output = outputs[key] else { unwired.append(key); continue }
            if let whole = output.whole { plant.command(whole.signal, to: whole.signalValue(value)) }
            let word = value.isFinite ? Int(value.rounded()) : 0
            for (bit, binding) in output.bits {
                plant.command(binding.signal, to: binding.signalValue(Double((word >> bit) & 1)))
            }
        }
        return unwired.sorted()
    }

    /// The signal a point (`device.point`) is wired to, whole; nil when not wired whole.
    public func signal(of key: String) -> String? {
        outputs[key]?.whole?.signal ?? inputs.first { $0.key == key }?.whole?.signal
    }

    /// The binding of a written point, whole.
    public func outputBinding(_ key: String) -> SignalBinding? { outputs[key]?.whole }
}
