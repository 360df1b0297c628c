import Config
import Control
import FieldIO

/// Turns the field image into validated control samples, once per scan, for every point the
/// unit's control reads: a flag becomes 1/0, an analogue value is checked against its
/// profile range and conditioned as its `[inputs.*]` section says (SensorValidator), a
/// missing point is bad.
struct UnitInputs {
    /// One point the control reads, with its place in the scan frame.
    private struct Input {
        let point: PointReference
        /// Index into `ScanFrame.inputs` (one per image key, shared by a point's flags).
        let frameIndex: Int
        var validator: SensorValidator
    }

    private var entries: [Input] = []
    /// Image keys read, in frame order: the program's `inputKeys`.
    let imageKeys: [String]
    /// This scan's samples and reasons, by key as written.
    private(set) var samples: [String: Sample] = [:]
    private(set) var reasons: [String: SensorValidationReasons] = [:]
    /// Keys in display order, sorted once rather than every snapshot.
    private let sortedKeys: [String]

    init(_ points: [PointReference], conditioning: [String: InputConditioningConfig] = [:]) {
        var seen: Set<String> = []
        var imageKeys: [String] = []
        var frameIndex: [String: Int] = [:]
        for point in points where seen.insert(point.key).inserted {
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
            let reasons = reasons[key] ?? []
            return InputStatus(key: key, value: sample.value, quality: sample.quality,
                               reasons: reasons.isEmpty ? [] : reasons.members.map(\.description))
        }
    }
}
