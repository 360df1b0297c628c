import Config
import Control
import FieldIO

/// Turns the field image into validated control samples, once per scan, for every point the
/// unit's control reads: a flag becomes 1/0, an analogue value is checked against its
/// profile range (SensorValidator), a missing point is bad.
struct UnitInputs {
    private var validators: [String: SensorValidator] = [:]
    private var references: [String: PointReference] = [:]
    /// This scan's samples and reasons, by key as written.
    private(set) var samples: [String: Sample] = [:]
    private(set) var reasons: [String: SensorValidationReasons] = [:]

    init(_ points: [PointReference]) {
        for point in points where references[point.key] == nil {
            references[point.key] = point
            let range = point.isBoolean ? nil : point.range
            validators[point.key] = SensorValidator(limits: SensorValidationLimits(minimum: range?.lowerBound, maximum: range?.upperBound))
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
            return InputStatus(key: key, value: sample.value, quality: sample.quality,
                               reasons: reasons[key]?.members.map(\.description) ?? [])
        }
    }
}
