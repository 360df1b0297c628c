import Foundation
import Plant
import Testing

@Suite struct SensorModelTests {
    @Test(arguments: [0.5, 1.0, 7.0])
    func lagReaches90PercentAtT90WhateverTheStep(step: Double) {
        var sensor = SensorModel(SensorDescription(t90: 63), generator: SeededGenerator(seed: 1))
        sensor.update(trueValue: 0, after: 0)
        var elapsed = 0.0
        while elapsed < 63 - 1e-9 {
            sensor.update(trueValue: 10, after: step)
            elapsed += step
        }
        #expect(abs(sensor.reading! - 9) < 1e-9)
    }

    @Test func noiseHasTheConfiguredStandardDeviationAndIsReproducible() {
        func samples(seed: UInt64) -> [Double] {
            var sensor = SensorModel(SensorDescription(noise: 0.25), generator: SeededGenerator(seed: seed))
            return (0..<20_000).map { _ in sensor.update(trueValue: 2, after: 60) }
        }
        let values = samples(seed: 42)
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        #expect(abs(mean - 2) < 0.01)
        #expect(abs(deviation - 0.25) < 0.0075)
        #expect(samples(seed: 42) == values)
        #expect(samples(seed: 43) != values)
    }

    @Test func driftAccumulatesLinearlyUntilRecalibration() {
        var sensor = SensorModel(SensorDescription(drift: 0.1), generator: SeededGenerator(seed: 1))
        sensor.update(trueValue: 5, after: 0)
        sensor.update(trueValue: 5, after: 86_400)
        #expect(abs(sensor.reading! - 5.1) < 1e-12)
        for _ in 0..<24 { sensor.update(trueValue: 5, after: 3600) }
        #expect(abs(sensor.reading! - 5.2) < 1e-12)
        sensor.update(trueValue: 5, after: 86_400 * 1.5)
        #expect(abs(sensor.reading! - 5.35) < 1e-12)
        sensor.recalibrate()
        sensor.update(trueValue: 5, after: 0)
        #expect(sensor.reading == 5)
    }

    @Test func foulingSlowsTheResponseAndLowersTheGain() {
        let fouling = SensorDescription(t90: 60, foulingLagPerDay: 30, foulingGainLossPerDay: 0.02)
        var sensor = SensorModel(fouling, generator: SeededGenerator(seed: 1))
        sensor.update(trueValue: 4, after: 0)
        sensor.update(trueValue: 4, after: 10 * 86_400)
        #expect(abs(sensor.gain - 0.8) < 1e-12)
        #expect(abs(sensor.reading! - 3.2) < 1e-9)
        #expect(abs(sensor.timeConstant - 360 / log(10)) < 1e-9)
    }

    @Test func calibrationErrorAndRangeApply() {
        let description = SensorDescription(gain: 1.1, offset: -0.2, minimum: 0, maximum: 10)
        var sensor = SensorModel(description, generator: SeededGenerator(seed: 1))
        #expect(abs(sensor.update(trueValue: 2, after: 1) - 2.0) < 1e-12)
        #expect(sensor.update(trueValue: 50, after: 1) == 10)
        #expect(sensor.update(trueValue: 0, after: 1) == 0)
    }

    @Test func actuatorRateLimitAndDeadTime() {
        var actuator = ActuatorModel(rateLimit: 2, deadTime: 3, range: 0...100)
        actuator.command(10)
        actuator.advance(by: 2)
        #expect(actuator.output == 0 && actuator.lastCommand == 10)
        actuator.advance(by: 2)
        #expect(abs(actuator.output - 2) < 1e-12)
        actuator.advance(by: 10)
        #expect(actuator.output == 10)
        actuator.command(500)
        #expect(actuator.lastCommand == 100)
        actuator.force(0)
        #expect(actuator.output == 0 && actuator.target == 0)
    }
}
