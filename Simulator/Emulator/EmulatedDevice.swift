import Config
import FieldIO
import HAL
import HALLinux
import Logging
import Plant

/// One instrument or actuator of the unit, served from a register bank sized from its
/// profile, with its points bound to plant signals as the scenario says.
///
/// Read-only points are re-encoded from the plant every tick with the profile's own codec
/// (`RegisterCodec.encode`, the inverse of what Floc decodes); writable points are left as
/// the controller wrote them and decoded into plant commands when the bank reports a write.
public final class EmulatedDevice {
    public let config: DeviceConfig
    public let bank: LibmodbusServer.Bank
    private let scenario: Scenario
    private let logger: Logger
    private var seenWrites = 0
    /// Last value commanded per binding key, so an unchanged point is not commanded again.
    private var commanded: [String: Double] = [:]
    private var warned: Set<String> = []

    init(config: DeviceConfig, bank: LibmodbusServer.Bank, scenario: Scenario, logger: Logger) {
        self.config = config
        self.bank = bank
        self.scenario = scenario
        self.logger = logger
    }

    public var name: String { config.name }
    public var unitID: UInt8 { UInt8(clamping: config.address) }

    /// The bank layout a profile needs: per table, the smallest range holding every point.
    public static func layout(for profile: DeviceProfile) -> LibmodbusServer.Layout {
        func range(_ table: RegisterTable) -> Range<Int> {
            let points = profile.points.filter { $0.table == table }
            guard let low = points.map({ Int($0.address) }).min(), let high = points.map(\.endAddress).max() else { return 0..<0 }
            return low..<high
        }
        return .init(coils: range(.coil), discreteInputs: range(.discrete), inputRegisters: range(.input),
                     holdingRegisters: range(.holding))
    }

    // MARK: Plant -> registers

    /// Encodes every read-only point from the plant (or its constant), applying the point
    /// faults active at `time`. Writable points are initialised once, by `prime`.
    func refresh(from plant: any InstrumentedPlant, faults: [FaultSpec], time: Double) {
        for spec in config.profile.points where !spec.access.canWrite {
            encode(spec, plant: plant, faults: faults.filter { $0.point == spec.name }, time: time)
        }
    }

    /// Writes every writable point's initial value (the bound signal's current value, the
    /// constant, or 0), so the controller reads back something sensible before it writes.
    func prime(from plant: any InstrumentedPlant) {
        for spec in config.profile.points where spec.access.canWrite {
            encode(spec, plant: plant, faults: [], time: 0)
            remember(spec)
        }
        seenWrites = bank.writeCount
    }

    private func encode(_ spec: PointSpec, plant: any InstrumentedPlant, faults: [FaultSpec], time: Double) {
        if faults.contains(where: { $0.kind == .frozen }) { return }
        let table = RegisterCodec.table(for: spec)
        let dead = faults.lazy.compactMap { if case .dead(let value) = $0.kind { Optional(value) } else { nil } }.first
        do {
            if spec.table.isBit {
                guard var bit = try value(spec, plant: plant).map({ try RegisterCodec.encodeBit($0, spec: spec) }) else { return }
                if dead != nil { bit = false }
                if faults.contains(where: { if case .bitFlip = $0.kind { true } else { false } }) { bit.toggle() }
                try bank.setBits(table, address: spec.address, [bit])
                return
            }
            var words: [UInt16]
            if let flagWord = flagBits(spec, plant: plant) {
                words = RegisterCodec.words(dead == nil ? flagWord : 0, count: spec.type.registerCount, order: spec.order)
            } else if let dead {
                words = try Self.deadWords(spec, value: dead)
            } else {
                guard var engineering = value(spec, plant: plant) else { return }
                for fault in faults {
                    if case .offset(let offset, let drift) = fault.kind {
                        engineering += offset + drift * (time - fault.start) / 3600
                    }
                }
                words = try RegisterCodec.encode(engineering, spec: spec)
            }
            for fault in faults {
                if case .bitFlip(let mask) = fault.kind { words = words.map { $0 ^ mask } }
            }
            try bank.setRegisters(table, address: spec.address, words)
        } catch {
            warnOnce(spec.name, "cannot encode the point's value: \(error)")
        }
    }

    /// What a dead probe shows: `value` when given; else a span below the profile's range,
    /// or a span above it when the type cannot go below (unsigned); 0 without a range.
    static func deadWords(_ spec: PointSpec, value: Double?) throws -> [UInt16] {
        if let value { return try RegisterCodec.encode(value, spec: spec) }
        guard let range = spec.range else { return try RegisterCodec.encode(0, spec: spec) }
        let span = max(range.upperBound - range.lowerBound, 1)
        if let below = try? RegisterCodec.encode(range.lowerBound - span, spec: spec) { return below }
        return try RegisterCodec.encode(range.upperBound + span, spec: spec)
    }

    /// The engineering value of a point: bound signal x scale + offset, constant, or 0.
    /// Nil when the bound signal has no value (an unknown name, reported once).
    private func value(_ spec: PointSpec, plant: any InstrumentedPlant) -> Double? {
        resolve(point: spec.name, flag: nil, plant: plant)
    }

    private func resolve(point: String, flag: String?, plant: any InstrumentedPlant) -> Double? {
        if let binding = scenario.binding(device: name, point: point, flag: flag) {
            guard let signal = plant.value(of: binding.signal) else {
                warnOnce(binding.key, "the plant has no signal '\(binding.signal)'")
                return nil
            }
            return signal * binding.scale + binding.offset
        }
        switch scenario.constant(device: name, point: point, flag: flag)?.value {
        case .number(let number): return number
        case .deviceAddress: return Double(config.address)
        case nil: return 0
        }
    }

    /// The raw word of a status or control word whose bits are bound one by one; nil for
    /// a point bound (or constant) as a whole, or without named bits.
    private func flagBits(_ spec: PointSpec, plant: any InstrumentedPlant) -> UInt64? {
        let perFlag = spec.flags.contains { flag in
            scenario.binding(device: name, point: spec.name, flag: flag.name) != nil
                || scenario.constant(device: name, point: spec.name, flag: flag.name) != nil
        }
        guard perFlag else { return nil }
        var word: UInt64 = 0
        for flag in spec.flags where flag.bit >= 0 && flag.bit < 64 {
            if let value = resolve(point: spec.name, flag: flag.name, plant: plant), value != 0 {
                word |= 1 << UInt64(flag.bit)
            }
        }
        return word
    }

    // MARK: Registers -> plant

    /// Decodes the writable points into plant commands when the controller wrote since the
    /// last call; only values that changed are commanded. Returns the commands sent.
    @discardableResult
    func applyWrites(to plant: any InstrumentedPlant) -> Int {
        let writes = bank.writeCount
        guard writes != seenWrites else { return 0 }
        seenWrites = writes
        var sent = 0
        for spec in config.profile.points where spec.access.canWrite {
            for (binding, value) in decoded(spec) where commanded[binding.key] != value {
                commanded[binding.key] = value
                let signalValue = (value - binding.offset) / binding.scale
                if plant.command(binding.signal, to: signalValue) {
                    sent += 1
                } else {
                    warnOnce(binding.key, "the plant refused command \(binding.signal) = \(signalValue)")
                }
            }
        }
        return sent
    }

    /// Records the current decoded values as already commanded.
    private func remember(_ spec: PointSpec) {
        for (binding, value) in decoded(spec) { commanded[binding.key] = value }
    }

    /// Each binding of a writable point with the engineering value (or bit) now in the bank.
    private func decoded(_ spec: PointSpec) -> [(PointBinding, Double)] {
        let table = RegisterCodec.table(for: spec)
        if spec.table.isBit {
            guard let binding = scenario.binding(device: name, point: spec.name),
                  let bit = try? bank.bits(table, address: spec.address, count: 1).first else { return [] }
            return [(binding, RegisterCodec.decode(bit: bit, spec: spec))]
        }
        guard let words = try? bank.registers(table, address: spec.address, count: spec.count) else { return [] }
        if let binding = scenario.binding(device: name, point: spec.name) {
            return [(binding, RegisterCodec.decode(words, spec: spec))]
        }
        let flags = RegisterCodec.flags(words, spec: spec)
        return spec.flags.compactMap { flag in
            scenario.binding(device: name, point: spec.name, flag: flag.name).map { ($0, flags[flag.name] == true ? 1 : 0) }
        }
    }

    private func warnOnce(_ key: String, _ message: String) {
        guard warned.insert(key).inserted else { return }
        logger.warning("\(message)", metadata: ["device": "\(name)", "point": "\(key)"])
    }
}
