import Config
import Control
import FieldIO

/// Turns the field image into validated control samples, once per scan, for every point the
/// unit's control reads: a flag becomes 1/0, an analogue value is checked against its
/// profile range (SensorValidator), a missing point is bad. Then a calibrated instrument is
/// corrected by its `CalibrationRecord`, and a held instrument reads its held value.
struct UnitInputs {
    private var validators: [String: SensorValidator] = [:]
    private var references: [String: PointReference] = [:]
    /// This scan's samples and reasons, by key as written.
    private(set) var samples: [String: Sample] = [:]
    private(set) var reasons: [String: SensorValidationReasons] = [:]
    /// Calibrated instruments, by key: their settings and the record in use.
    private(set) var instruments: [String: InstrumentConfig] = [:]
    private(set) var calibrations: [String: CalibrationRecord] = [:]
    /// Instruments on maintenance hold, by key.
    private(set) var holds: [String: MaintenanceHold] = [:]
    /// The last usable (corrected) value of each point, for a hold at the last good value.
    private var lastGood: [String: Double] = [:]

    init(_ points: [PointReference], instruments: [InstrumentConfig] = [], calibrations: [String: CalibrationRecord] = [:]) {
        let all = points + instruments.flatMap { [$0.point] + ($0.temperature.map { [$0] } ?? []) }
        for point in all where references[point.key] == nil {
            references[point.key] = point
            let range = point.isBoolean ? nil : point.range
            validators[point.key] = SensorValidator(limits: SensorValidationLimits(minimum: range?.lowerBound, maximum: range?.upperBound))
        }
        for instrument in instruments { self.instruments[instrument.name] = instrument }
        for (key, record) in calibrations where self.instruments[key]?.calibration != nil && record.isValid {
            self.calibrations[key] = record
        }
    }

    mutating func update(_ image: [String: PointSample], now: Double) {
        for (key, point) in references {
            var sample = image[point.imageKey]?.controlSample ?? Sample(value: .nan, quality: .bad, time: now)
            if let flag = point.flag {
                sample.value = image[point.imageKey]?.flags[flag] == true ? 1 : 0
            }
            let validation = validators[key]!.validate(sample, now: now)
            samples[key] = validation.sample
            reasons[key] = validation.reasons
        }
        // Conditioning after validation: the range check applies to what the instrument sent.
        for (key, record) in calibrations {
            guard var sample = samples[key], sample.isUsable else { continue }
            let temperature = instruments[key]?.temperature.flatMap { samples[$0.key] }
            sample.value = record.corrected(sample.value, celsius: temperature?.isUsable == true ? temperature!.value : 25)
            samples[key] = sample
        }
        for (key, sample) in samples where sample.isUsable && holds[key] == nil { lastGood[key] = sample.value }
        for (key, hold) in holds { samples[key] = hold.sample(at: now) }
    }

    /// The point key an instrument name stands for: a point the control reads (`ph1.ph`), or a
    /// device (`ph1`) with exactly one calibrated instrument, else exactly one analogue input.
    /// The console names instruments by device; nil when unknown or ambiguous.
    func instrumentKey(_ name: String) -> String? {
        if references[name] != nil { return name }
        let prefix = name + "."
        let calibrated = instruments.values.filter { $0.calibration != nil && $0.name.hasPrefix(prefix) }.map(\.name)
        if calibrated.count == 1 { return calibrated[0] }
        let analogue = references.values.filter { !$0.isBoolean && $0.key.hasPrefix(prefix) }.map(\.key)
        return analogue.count == 1 ? analogue[0] : nil
    }

    /// Analogue inputs the control reads, sorted: what may be held.
    var analogueKeys: [String] { references.values.filter { !$0.isBoolean }.map(\.key).sorted() }

    /// Holds `key` at `value`, or at its last good value; returns a refusal, or nil when held.
    mutating func hold(_ key: String, value: Double?, by user: String, at time: Double) -> String? {
        guard let point = references[key], !point.isBoolean else {
            return "no instrument \(key) among the analogue inputs of the unit's control (\(analogueKeys.joined(separator: ", ")))"
        }
        guard let held = value ?? holds[key]?.value ?? lastGood[key] else {
            return "\(key) has had no good value to hold: give one"
        }
        guard held.isFinite else { return "hold value of \(key) must be a number" }
        if let range = point.range, !range.contains(held) {
            return "hold value \(held) is outside the range of \(key) (\(range.lowerBound)...\(range.upperBound))"
        }
        holds[key] = MaintenanceHold(value: held, at: time, maxMinutes: instruments[key]?.maxHoldMinutes ?? 60, by: user)
        samples[key] = holds[key]!.sample(at: time)
        return nil
    }

    /// Ends a hold; false when `key` was not held.
    mutating func release(_ key: String) -> Bool { holds.removeValue(forKey: key) != nil }

    /// Ends the holds that ran their maximum time at `time`; returns them.
    mutating func expireHolds(at time: Double) -> [String: MaintenanceHold] {
        let expired = holds.filter { $0.value.hasExpired(at: time) }
        for key in expired.keys { holds[key] = nil }
        return expired
    }

    /// Installs a calibration record; returns a refusal, or nil when applied.
    mutating func applyCalibration(_ key: String, _ record: CalibrationRecord) -> String? {
        guard let instrument = instruments[key], let kind = instrument.calibration else {
            return "\(key) is not a calibrated instrument (no [instruments.\"\(key)\"] with calibration)"
        }
        guard kind.rawValue == record.kind.rawValue else {
            return "\(key) takes a \(kind.rawValue) calibration, not \(record.kind.rawValue)"
        }
        guard record.isValid else { return "calibration of \(key) needs a finite positive slope, a finite offset and time" }
        calibrations[key] = record
        return nil
    }

    /// The validated sample of `point` (bad when unknown).
    func sample(_ point: PointReference) -> Sample {
        samples[point.key] ?? Sample(value: .nan, quality: .bad, time: 0)
    }

    /// Whether `condition` holds; nil when its input is not usable.
    func evaluate(_ condition: PointCondition) -> Bool? {
        let sample = sample(condition.point)
        return sample.isUsable ? condition.holds(sample.value) : nil
    }

    var status: [InputStatus] {
        samples.keys.sorted().map { key in
            let sample = samples[key]!
            let held = holds[key] != nil
            return InputStatus(key: key, value: sample.value, quality: sample.quality,
                               reasons: held ? ["held"] : reasons[key]?.members.map(\.description) ?? [], held: held)
        }
    }
}
