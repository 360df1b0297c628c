import Foundation
import Testing
@testable import Control

@Suite struct CalibrationRecordTests {
    @Test func phRecordInvertsTheElectrodeModel() {
        // An electrode at 95 % and +12 mV: the transmitter (ideal model) reports the pH of the
        // potential it sees; the record must give back the true pH.
        let calibration = PHCalibration(slopePercent: 95, offsetMillivolts: 12)
        let record = CalibrationRecord(calibration, time: 1_700_000_000, by: "tech", points: [4, 7])
        for truePH in [4.0, 7.0, 9.5] {
            let millivolts = calibration.offsetMillivolts - calibration.slope(celsius: 20) * (truePH - 7)
            let reported = PHCalibration.ideal.pH(millivolts: millivolts, celsius: 20)
            #expect(abs(record.corrected(reported, celsius: 20) - truePH) < 1e-9)
        }
    }

    @Test func doRecordIsZeroAndGain() {
        let record = CalibrationRecord(DOCalibration(zero: 0.2, gain: 1.1, spanPercent: 90), time: 0, by: "tech")
        #expect(record.kind == .dissolvedOxygen)
        #expect(abs(record.corrected(2.2) - 2.2) < 1e-12)
        #expect(record.due(intervalDays: 30) == 30 * 86_400)
    }

    @Test func codableKeepsKindSpelling() throws {
        let record = CalibrationRecord(kind: .dissolvedOxygen, slope: 1, offset: 0, time: 5, by: "a", points: [0, 9])
        let data = try JSONEncoder().encode(record)
        #expect(String(decoding: data, as: UTF8.self).contains("\"do\""))
        #expect(try JSONDecoder().decode(CalibrationRecord.self, from: data) == record)
    }

    @Test(arguments: [(Double.nan, false), (0, false), (-1, false), (1, true)])
    func validity(slope: Double, valid: Bool) {
        #expect(CalibrationRecord(kind: .ph, slope: slope, offset: 0, time: 0, by: "x").isValid == valid)
    }
}
