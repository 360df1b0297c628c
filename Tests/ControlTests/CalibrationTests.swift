import Control
import Testing

@Suite struct CalibrationTests {
    @Test(arguments: [
        // ln(10) R T / F, by hand: 2.302585 * 8.314463 * T / 96485.33 * 1000
        (25.0, 59.159), (0.0, 54.199), (10.0, 56.183), (37.0, 61.540),
    ])
    func nernstSlope(celsius: Double, millivoltsPerPH: Double) {
        #expect(abs(Calibration.nernstSlope(celsius: celsius) - millivoltsPerPH) < 0.001)
    }

    /// APHA Standard Methods Table 4500-O:I (fresh water, 101.325 kPa), and its 35 g/kg
    /// salinity column at 25 °C.
    @Test(arguments: [
        (0.0, 101.325, 0.0, 14.621), (10.0, 101.325, 0.0, 11.288), (20.0, 101.325, 0.0, 9.092),
        (25.0, 101.325, 0.0, 8.263), (30.0, 101.325, 0.0, 7.559), (25.0, 101.325, 35.0, 6.772),
    ])
    func oxygenSaturationMatchesTheTable(celsius: Double, kPa: Double, salinity: Double, mgPerL: Double) {
        let c = Calibration.oxygenSaturation(celsius: celsius, pressure: kPa, salinity: salinity)
        #expect(abs(c - mgPerL) < 0.001)
    }

    @Test func oxygenSaturationFallsAlmostInProportionToPressure() {
        // 20 °C at 90 kPa (about 1000 m altitude): the dry-gas share scales with P,
        // 9.092 * (90 - 2.34) / (101.325 - 2.34) = 8.05 (2.34 kPa: vapour pressure at 20 °C).
        let c = Calibration.oxygenSaturation(celsius: 20, pressure: 90)
        #expect(abs(c - 8.053) < 0.002)
    }

    struct PHCase: Sendable, CustomStringConvertible {
        var description: String
        var a: PHBufferReading
        var b: PHBufferReading
        var slopePercent: Double
        var offsetMillivolts: Double
        var accepted: Bool
    }

    static let phCases: [PHCase] = [
        // 177 / 2.99 = 59.197 mV/pH; / 59.159 = 100.06 %.
        PHCase(description: "ideal electrode, 7.00 and 4.01 at 25 °C",
               a: .init(bufferPH: 7.00, millivolts: 0, celsius: 25), b: .init(bufferPH: 4.01, millivolts: 177, celsius: 25),
               slopePercent: 100.06, offsetMillivolts: 0, accepted: true),
        // Slope (177 - 10) / 2.99 = 55.85 mV/pH = 94.41 %; offset +10 mV.
        PHCase(description: "aged electrode, +10 mV offset",
               a: .init(bufferPH: 7.00, millivolts: 10, celsius: 25), b: .init(bufferPH: 4.01, millivolts: 177, celsius: 25),
               slopePercent: 94.41, offsetMillivolts: 10, accepted: true),
        // 7.00 at -20 mV, 10.01 at -170 mV: 150 / 3.01 = 49.83 mV/pH = 84.24 %: below 85 %.
        PHCase(description: "tired electrode rejected on slope",
               a: .init(bufferPH: 7.00, millivolts: -20, celsius: 25), b: .init(bufferPH: 10.01, millivolts: -170, celsius: 25),
               slopePercent: 84.24, offsetMillivolts: -20, accepted: false),
        // Buffers 4.01 (+212) and 10.01 (-143): 355 / 6 = 59.17 mV/pH = 100.02 %;
        // offset = 212 - 59.17 * 2.99 = +35.09 mV: beyond 30 mV.
        PHCase(description: "contaminated reference rejected on offset",
               a: .init(bufferPH: 4.01, millivolts: 212, celsius: 25), b: .init(bufferPH: 10.01, millivolts: -143, celsius: 25),
               slopePercent: 100.02, offsetMillivolts: 35.09, accepted: false),
        // At 10 °C the Nernst slope is 56.18 mV/pH: 168 / 2.99 = 56.19 -> 100.01 %.
        PHCase(description: "cold buffers: slope compared with the 10 °C Nernst slope",
               a: .init(bufferPH: 7.00, millivolts: 0, celsius: 10), b: .init(bufferPH: 4.01, millivolts: 168, celsius: 10),
               slopePercent: 100.01, offsetMillivolts: 0, accepted: true),
    ]

    @Test(arguments: phCases)
    func phTwoPoint(_ c: PHCase) {
        let cal = PHCalibration.twoPoint(c.a, c.b)
        #expect(abs(cal.slopePercent - c.slopePercent) < 0.01)
        #expect(abs(cal.offsetMillivolts - c.offsetMillivolts) < 0.01)
        #expect(cal.isAccepted == c.accepted)
        // Either order of buffers gives the same calibration.
        let swapped = PHCalibration.twoPoint(c.b, c.a)
        #expect(abs(swapped.slopePercent - cal.slopePercent) < 1e-9)
    }

    @Test func phRejectionsNameTheLimit() {
        let cal = PHCalibration.twoPoint(.init(bufferPH: 7, millivolts: -20, celsius: 25),
                                         .init(bufferPH: 10.01, millivolts: -170, celsius: 25))
        guard case let .slopeOutOfLimits(_, allowed) = cal.rejections.first else {
            Issue.record("expected a slope rejection, got \(cal.rejections)")
            return
        }
        #expect(allowed == 85...105)
        #expect(cal.rejections.count == 1)
    }

    @Test func phBuffersTooCloseOrInvalidAreRejected() {
        let close = PHCalibration.twoPoint(.init(bufferPH: 7, millivolts: 0, celsius: 25),
                                           .init(bufferPH: 6.5, millivolts: 30, celsius: 25))
        #expect(close.rejections == [.pointsTooClose(span: 0.5, minimum: 1)])
        let nan = PHCalibration.twoPoint(.init(bufferPH: 7, millivolts: .nan, celsius: 25),
                                         .init(bufferPH: 4, millivolts: 177, celsius: 25))
        #expect(nan.rejections == [.invalidReading])
    }

    @Test func phOnePointKeepsTheSlopeAndSetsTheOffset() {
        // 95 % slope at 25 °C = 56.20 mV/pH; buffer 4.01 reads +180 mV:
        // offset = 180 - 56.20 * 2.99 = +11.96 mV.
        let cal = PHCalibration.onePoint(.init(bufferPH: 4.01, millivolts: 180, celsius: 25), slopePercent: 95)
        #expect(cal.slopePercent == 95)
        #expect(abs(cal.offsetMillivolts - 11.96) < 0.01)
        #expect(cal.isAccepted)
    }

    @Test func phMeasurementCompensatesTheSlopeForTemperature() {
        let cal = PHCalibration(slopePercent: 100, offsetMillivolts: 5)
        // -113.32 mV at 25 °C: 7 + (5 + 113.32) / 59.159 = 9.000.
        #expect(abs(cal.pH(millivolts: -113.32, celsius: 25) - 9.000) < 0.001)
        // The same potential at 10 °C (56.183 mV/pH) is further from neutral: 9.106.
        #expect(abs(cal.pH(millivolts: -113.32, celsius: 10) - 9.106) < 0.001)
        #expect(cal.pH(millivolts: 5, celsius: 40) == 7)
    }

    @Test func doTwoPoint() {
        // Zero reads 0.2 mg/L; in air at 20 °C, 101.325 kPa (9.092 expected) it reads 8.8:
        // gain = 9.092 / 8.6 = 1.0572, span 8.6 / 9.092 = 94.59 %.
        let cal = DOCalibration.twoPoint(zeroReading: 0.2, air: DOAirReading(reading: 8.8, celsius: 20))
        #expect(cal.isAccepted)
        #expect(abs(cal.gain - 1.0572) < 0.0001)
        #expect(abs(cal.spanPercent - 94.59) < 0.01)
        #expect(abs(cal.concentration(reading: 0.2)) < 1e-12)
        #expect(abs(cal.concentration(reading: 8.8) - 9.0924) < 0.0001)
        // Mid-scale: (2.2 - 0.2) * 1.0572 = 2.114.
        #expect(abs(cal.concentration(reading: 2.2) - 2.1145) < 0.0001)
    }

    @Test(arguments: [
        // zero, air reading, °C, expected rejection
        (0.8, 9.0, 20.0, CalibrationRejection.zeroOutOfLimits(reading: 0.8, allowed: 0.5)),
        (0.0, 6.0, 20.0, .spanOutOfLimits(percent: 6.0 / 9.092426 * 100, allowed: 80...120)),
        // 45 °C expects 5.93 mg/L: 6.5 is a plausible span, only the temperature is refused.
        (0.0, 6.5, 45.0, .temperatureOutOfRange(celsius: 45, allowed: 0...40)),
    ])
    func doRejections(zero: Double, air: Double, celsius: Double, rejection: CalibrationRejection) {
        let cal = DOCalibration.twoPoint(zeroReading: zero, air: DOAirReading(reading: air, celsius: celsius))
        #expect(!cal.isAccepted)
        #expect(cal.rejections.count == 1)
        if case let .spanOutOfLimits(percent, _) = cal.rejections.first {
            #expect(abs(percent - 65.99) < 0.01)
        } else {
            #expect(cal.rejections.first == rejection)
        }
    }

    @Test func doDeadProbeIsRejectedWithoutDividingByItsSpan() {
        let cal = DOCalibration.twoPoint(zeroReading: 0.1, air: DOAirReading(reading: 0.3, celsius: 20))
        guard case .pointsTooClose = cal.rejections.last else {
            Issue.record("expected pointsTooClose, got \(cal.rejections)")
            return
        }
        #expect(cal.gain.isNaN)
    }

    @Test func doOnePointKeepsThePreviousZero() {
        // At 25 °C and 95 kPa the expected saturation is 7.731 mg/L; zero kept at 0.1.
        let air = DOAirReading(reading: 7.9, celsius: 25, pressure: 95)
        #expect(abs(air.expected - 7.731) < 0.001)
        let cal = DOCalibration.onePoint(air: air, previous: DOCalibration(zero: 0.1, gain: 1, spanPercent: 100))
        #expect(cal.zero == 0.1)
        #expect(abs(cal.gain - 7.731 / 7.8) < 0.0002)
    }
}

@Suite struct CalibrationPHBufferTests {
    @Test(arguments: [
        (PHBuffer.technical7, 25.0, 7.00), (PHBuffer.technical7, 10.0, 7.06),
        // Halfway between 7.06 (10 °C) and 7.04 (15 °C).
        (PHBuffer.technical7, 12.5, 7.05),
        (PHBuffer.technical10, 20.0, 10.06), (PHBuffer.technical4, 50.0, 4.06),
        // Outside the table the end values hold.
        (PHBuffer.technical10, -5.0, 10.32), (PHBuffer.technical10, 60.0, 9.83),
    ])
    func bufferValueFollowsTemperature(buffer: PHBuffer, celsius: Double, pH: Double) {
        #expect(abs(buffer.pH(celsius: celsius) - pH) < 1e-9)
    }

    @Test func coldBuffersCalibrateAgainstTheirTrueValues() {
        // At 10 °C the 7 buffer is 7.06 and the 10 buffer 10.18: an ideal electrode reads
        // -0.06 * 56.183 = -3.371 mV and -3.18 * 56.183 = -178.662 mV.
        let seven = PHBuffer.technical7.reading(millivolts: -3.371, celsius: 10)
        let ten = PHBuffer.technical10.reading(millivolts: -178.662, celsius: 10)
        let cal = PHCalibration.twoPoint(seven, ten)
        #expect(abs(cal.slopePercent - 100) < 0.01)
        #expect(abs(cal.offsetMillivolts) < 0.01)
    }
}
