import Control
import Foundation
import Testing

@Suite struct SensorValidatorTests {
    /// One case: samples fed in order at scan time `now`; the last one is judged.
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var limits: SensorValidationLimits
        var samples: [(value: Double, quality: SampleQuality, time: Double, now: Double)]
        var reasons: [SensorValidationReason]
        var quality: SampleQuality
    }

    static let doLimits = SensorValidationLimits(minimum: 0, maximum: 20, rangeTolerance: 0.1, maxRate: 1,
                                                 staleAfter: 10, stuckAfter: 60, stuckEpsilon: 0.01)

    static let cases: [Case] = [
        Case(description: "in range and moving: good", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (2.5, .good, 1, 1)], reasons: [], quality: .good),
        Case(description: "within tolerance below zero: good", limits: doLimits,
             samples: [(-0.05, .good, 0, 0)], reasons: [], quality: .good),
        Case(description: "below range beyond tolerance", limits: doLimits,
             samples: [(-0.2, .good, 0, 0)], reasons: [.belowRange], quality: .bad),
        Case(description: "above range beyond tolerance", limits: doLimits,
             samples: [(20.2, .good, 0, 0)], reasons: [.aboveRange], quality: .bad),
        Case(description: "1.5 units in 1 s exceeds 1 unit/s", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (3.5, .good, 1, 1)], reasons: [.rateOfChange], quality: .bad),
        Case(description: "1.5 units in 2 s is within 1 unit/s", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (3.5, .good, 2, 2)], reasons: [], quality: .good),
        Case(description: "same time again is not a new value: no rate check", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (9.0, .good, 0, 1)], reasons: [], quality: .good),
        Case(description: "age 10.5 s beyond 10 s: stale", limits: doLimits,
             samples: [(2.0, .good, 0, 10.5)], reasons: [.stale], quality: .bad),
        Case(description: "age exactly 10 s: not yet stale", limits: doLimits,
             samples: [(2.0, .good, 0, 10)], reasons: [], quality: .good),
        Case(description: "flat within 0.01 for 60 s: stuck, still usable", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (2.005, .good, 30, 30), (1.995, .good, 60, 60)],
             reasons: [.stuck], quality: .uncertain),
        Case(description: "flat for 59 s: not stuck", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (2.005, .good, 30, 30), (1.995, .good, 59, 59)],
             reasons: [], quality: .good),
        Case(description: "creep of 0.006 per sample moves past epsilon: not stuck", limits: doLimits,
             samples: [(2.0, .good, 0, 0), (2.006, .good, 30, 30), (2.012, .good, 60, 60)],
             reasons: [], quality: .good),
        Case(description: "source bad", limits: doLimits,
             samples: [(2.0, .bad, 0, 0)], reasons: [.sourceBad], quality: .bad),
        Case(description: "source uncertain", limits: doLimits,
             samples: [(2.0, .uncertain, 0, 0)], reasons: [.sourceUncertain], quality: .uncertain),
        Case(description: "NaN", limits: doLimits,
             samples: [(.nan, .good, 0, 0)], reasons: [.notFinite], quality: .bad),
        Case(description: "no limits: anything finite passes", limits: SensorValidationLimits(),
             samples: [(-1e6, .good, 0, 0), (1e6, .good, 0.001, 1e5)], reasons: [], quality: .good),
        Case(description: "stale and above range together", limits: doLimits,
             samples: [(25.0, .good, 0, 11)], reasons: [.aboveRange, .stale], quality: .bad),
    ]

    @Test(arguments: cases)
    func validation(_ c: Case) {
        var validator = SensorValidator(limits: c.limits)
        var result: SensorValidation?
        for s in c.samples {
            result = validator.validate(Sample(value: s.value, quality: s.quality, time: s.time), now: s.now)
        }
        #expect(result?.reasons == SensorValidationReasons(c.reasons))
        #expect(result?.sample.quality == c.quality)
    }

    @Test func badValuesPassThroughUnfilteredSoTheOperatorSeesThem() {
        var validator = SensorValidator(limits: SensorValidationLimits(maximum: 20, filterTimeConstant: 100))
        _ = validator.validate(Sample(value: 5, quality: .good, time: 0), now: 0)
        let out = validator.validate(Sample(value: 30, quality: .good, time: 1), now: 1)
        #expect(out.sample == Sample(value: 30, quality: .bad, time: 1))
        #expect(validator.lastGood?.value == 5)
    }

    @Test func firstOrderFilterFollowsTheExactStepResponse() {
        // tau = 10 s, step 0 -> 1: after one tau the output is 1 - 1/e = 0.632.
        var validator = SensorValidator(limits: SensorValidationLimits(filterTimeConstant: 10))
        _ = validator.validate(Sample(value: 0, quality: .good, time: 0), now: 0)
        var out = 0.0
        for t in stride(from: 1.0, through: 10.0, by: 1.0) {
            out = validator.validate(Sample(value: 1, quality: .good, time: t), now: t).sample.value
        }
        #expect(abs(out - (1 - exp(-1))) < 1e-12)
        let twoTau = validator.validate(Sample(value: 1, quality: .good, time: 20), now: 20).sample.value
        #expect(abs(twoTau - (1 - exp(-2))) < 1e-12)
    }

    @Test func holdSubstitutesTheLastGoodValueAndHidesTheFaults() {
        var validator = SensorValidator(limits: SensorValidationLimits(minimum: 0, maximum: 14))
        _ = validator.validate(Sample(value: 7.2, quality: .good, time: 0), now: 0)
        validator.hold()
        // In a pH 4 buffer, then out of the liquid reading nonsense: the output stays 7.2.
        let inBuffer = validator.validate(Sample(value: 4.01, quality: .good, time: 1), now: 1)
        let outOfLiquid = validator.validate(Sample(value: -3, quality: .good, time: 2), now: 2)
        #expect(inBuffer.sample == Sample(value: 7.2, quality: .uncertain, time: 1))
        #expect(outOfLiquid.sample == Sample(value: 7.2, quality: .uncertain, time: 2))
        #expect(outOfLiquid.reasons == SensorValidationReasons(.held))
        validator.release()
        let live = validator.validate(Sample(value: 7.1, quality: .good, time: 3), now: 3)
        #expect(live.sample == Sample(value: 7.1, quality: .good, time: 3))
        #expect(live.reasons.isEmpty)
    }

    @Test func holdWithoutAnyGoodValueIsBad() {
        var validator = SensorValidator(limits: SensorValidationLimits())
        validator.hold()
        let out = validator.validate(Sample(value: 3, quality: .good, time: 0), now: 0)
        #expect(out.sample.quality == .bad)
        #expect(out.reasons.contains(.held))
    }

    @Test func reasonSetQualityIsTheWorstMember() {
        #expect(SensorValidationReasons([]).qualityLimit == .good)
        #expect(SensorValidationReasons([.stuck, .held]).qualityLimit == .uncertain)
        #expect(SensorValidationReasons([.stuck, .stale]).qualityLimit == .bad)
        #expect(SensorValidationReasons([.stale, .stuck]).members == [.stale, .stuck])
    }
}
