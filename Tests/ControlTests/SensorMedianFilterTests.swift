import Control
import Testing

/// The median spike filter of `SensorValidator`: runs before the checks and the first-order filter.
@Suite struct SensorMedianFilterTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var window: Int
        /// New measurements, one a second.
        var values: [Double]
        /// Expected validated values, one per measurement.
        var expected: [Double]
    }

    static let cases: [Case] = [
        Case(description: "3: a single spike is removed", window: 3,
             values: [2, 2, 2, 50, 2, 2], expected: [2, 2, 2, 2, 2, 2]),
        Case(description: "5: two spikes in a row are removed", window: 5,
             values: [2, 2, 2, 2, 2, 50, 50, 2, 2], expected: [2, 2, 2, 2, 2, 2, 2, 2, 2]),
        Case(description: "9: four spikes in a row are removed", window: 9,
             values: Array(repeating: 2, count: 9) + [50, 50, 50, 50, 2],
             expected: Array(repeating: 2, count: 14)),
        Case(description: "3: a step passes after 2 samples", window: 3,
             values: [2, 2, 2, 4, 4, 4], expected: [2, 2, 2, 2, 4, 4]),
        Case(description: "5: a step passes after 3 samples", window: 5,
             values: [2, 2, 2, 2, 2, 4, 4, 4, 4], expected: [2, 2, 2, 2, 2, 2, 2, 4, 4]),
        Case(description: "7: a step passes after 4 samples", window: 7,
             values: Array(repeating: 2, count: 7) + [4, 4, 4, 4], expected: Array(repeating: 2, count: 10) + [4]),
        Case(description: "9: a step down passes after 5 samples", window: 9,
             values: Array(repeating: 4, count: 9) + [1, 1, 1, 1, 1], expected: Array(repeating: 4, count: 13) + [1]),
        Case(description: "3: filling up, the median of what is there (upper middle of two)", window: 3,
             values: [1, 3, 2], expected: [1, 3, 2]),
        Case(description: "5: a ramp is delayed by two samples, not flattened", window: 5,
             values: [1, 2, 3, 4, 5, 6, 7], expected: [1, 2, 2, 3, 3, 4, 5]),
    ]

    @Test(arguments: cases)
    func medianOfNewMeasurements(_ test: Case) {
        var validator = SensorValidator(limits: SensorValidationLimits(medianWindow: test.window))
        let outputs = test.values.enumerated().map { index, value in
            validator.validate(Sample(value: value, quality: .good, time: Double(index)), now: Double(index)).sample.value
        }
        #expect(outputs == test.expected)
    }

    @Test func aRemovedSpikeRaisesNoRangeOrRateReason() {
        let limits = SensorValidationLimits(minimum: 0, maximum: 20, maxRate: 1, medianWindow: 3)
        var validator = SensorValidator(limits: limits)
        var reasons: [SensorValidationReasons] = []
        for (index, value) in [2.0, 2, 2, 50, 2].enumerated() {
            reasons.append(validator.validate(Sample(value: value, quality: .good, time: Double(index)), now: Double(index)).reasons)
        }
        #expect(reasons.allSatisfy { $0.isEmpty }, "the checks see the median: \(reasons)")
    }

    @Test func aReReadOrABadSampleDoesNotEnterTheWindow() {
        var validator = SensorValidator(limits: SensorValidationLimits(medianWindow: 3))
        for time in 0..<3 { _ = validator.validate(Sample(value: 2, quality: .good, time: Double(time)), now: Double(time)) }
        // The same measurement read again in later scans must not vote twice.
        _ = validator.validate(Sample(value: 9, quality: .good, time: 3), now: 3)
        _ = validator.validate(Sample(value: 9, quality: .good, time: 3), now: 4)
        _ = validator.validate(Sample(value: 9, quality: .bad, time: 5), now: 5)
        let next = validator.validate(Sample(value: 2, quality: .good, time: 6), now: 6)
        #expect(next.sample.value == 2, "window [2, 9, 2]: one 9, not three")
    }

    @Test func theFirstOrderFilterSeesTheMedianNotTheSpike() {
        let limits = SensorValidationLimits(filterTimeConstant: 10, medianWindow: 3)
        var validator = SensorValidator(limits: limits)
        var last = 0.0
        for (index, value) in [2.0, 2, 2, 50, 2].enumerated() {
            last = validator.validate(Sample(value: value, quality: .good, time: Double(index)), now: Double(index)).sample.value
        }
        #expect(last == 2, "a lag filter alone would still be pulled up by the spike")
    }
}
