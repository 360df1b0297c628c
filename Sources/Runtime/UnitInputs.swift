import Config
import Control
import FieldIO

/// Turns the field image into validated control samples, once per scan, for every point the
/// unit's control reads: a flag becomes 1/0, an analogue value is checked against its
/// profile range and conditioned as its `[inputs.*]` section says (SensorValidator), a
/// missing point is bad. Then a calibrated instrument is corrected by its
/// `CalibrationRecord`, and a held instrument reads its held value.
struct UnitInputs {
    /// One point the control reads, with its place in the scan frame.
    private struct Input {
        let point: PointReference
        /// Index into `ScanFrame.inputs` (one per image key, shared by a point's flags).
        let frameIndex: Int
        var validator: SensorValidator
    }

    private var entries: [Input] = []
    private var references: [String: PointReference] = [:]
    /// Image keys read, in frame order: the program's `inputKeys`.
    let imageKeys: [String]
    /// This scan's samples and reasons, by key as written.
    private(set) var samples: [String: Sample] = [:]
    private(set) var reasons: [String: SensorValidationReasons] = [:]
    /// Keys in display order, sorted once rather than every snapshot.
    private let sortedKeys: [String]
    /// Calibrated instruments, by key: their settings and the record in use.
    private(set) var instruments: [String: InstrumentConfig] = [:]
    private(set) var calibrations: [String: CalibrationRecord] = [:]
    /// Instruments on maintenance hold, by key.
    private(set) var holds: [String: MaintenanceHold] = [:]
    /// The last usable (corrected) value of each point, for a hold at the last good value.
    private var lastGood: [String: Double] = [:]

    /// `points` and each instrument's point and temperature point are read; `conditioning`
    /// by point key; `calibrations` by instrument key (invalid or uncalibrated ones ignored).
    init(_ points: [PointReference], conditioning: [String: InputConditioningConfig] = [:],
         instruments: [InstrumentConfig] = [], calibrations: [String: CalibrationRecord] = [:]) {
        let all = points + instruments.flatMap { [$0.point] + ($0.temperature.map { [$0] } ?? []) }
        var imageKeys: [String] = []
        var frameIndex: [String: Int] = [:]
        for point in all where references[point.key] == nil {
            references[point.key] = point
            let index = frameIndex[point.imageKey] ?? imageKeys.count
            if index == imageKeys.count {
                frameIndex[point.imageKey] = index
                imageKeys.append(point.imageKey)
            }
            let range = point.isBoolean ? nil : point.range
            let settings = point.isBoolean ? nil : conditioning[point.key]
            let limits = SensorValidationLimits(
                minimum: range?.lowerBound, maximum: range?.upperBound, maxRate: settings?.maxRate,
                stuckAfter: settings?.stuckAfter, stuckEpsilon: settings?.stuckEpsilon ?? 0,
                filterTimeConstant: settings?.filterTime ?? 0, medianWindow: settings?.medianSamples ?? 1)
            entries.append(Input(point: point, frameIndex: index, validator: SensorValidator(limits: limits)))
            samples[point.key] = Sample(value: .nan, quality: .bad, time: 0)
            reasons[point.key] = []
        }
        self.imageKeys = imageKeys
        sortedKeys = samples.keys.sorted()
        for instrument in instruments { self.instruments[instrument.name] = instrument }
        for (key, record) in calibrations where self.instruments[key]?.calibration != nil && record.isValid {
            self.calibrations[key] = record
        }
    }

    /// Validates this scan's samples; `frame.inputs` is in `imageKeys` order. The keys of
    /// `samples` and `reasons` are all present from `init`, so updating them does not allocate.
    mutating func update(_ frame: ScanFrame, now: Double) {
        for index in entries.indices {
            let point = entries[index].point
            let field = frame.inputs[entries[index].frameIndex]
            var sample = field.controlSample
            if let flag = point.flag {
                sample.value = field.flags[flag] == true ? 1 : 0
            }
            let validation = entries[index].validator.validate(sample, now: now)
            samples[point.key] = validation.sample
            reasons[point.key] = validation.reasons
        }
        // Calibration after validation: the range check applies to what the instrument sent.
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
        sortedKeys.map { key in
            let sample = samples[key]!
            let held = holds[key] != nil
            let reasons = reasons[key] ?? []
            return InputStatus(key: key, value: sample.value, quality: sample.quality,
                               reasons: held ? ["held"] : reasons.isEmpty ? [] : reasons.members.map(\.description), held: held)
        }
    }
}
