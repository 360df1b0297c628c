import Config
import Control
import FieldIO
import HAL
import Runtime
import Testing

@Suite struct AlarmKindsAndCalibrationTests {
    @Test func deviationAlarmsAfterItsDelayOnlyWhileRegulating() throws {
        let unit = try ModesFixture()
        unit.set(["do1.oxygen": 3.5])   // SP 2: +1.5 mg/L
        unit.steps(3)
        #expect(unit.alarm("do_dev.high") == .normal, "on-delay 5 s")
        unit.steps(4)
        #expect(unit.alarm("do_dev.high") == .unacknowledged)
        #expect(unit.alarm("do_dev.low") == .normal)
        _ = unit.command(.setMode(loop: "aeration1", mode: .manual), from: ModesFixture.operatorAna)
        #expect(unit.alarm("do_dev.high") == .suppressedByDesign, "a loop in manual does not regulate")
    }

    @Test func rateAlarmOnAFastRise() throws {
        let unit = try ModesFixture()
        for second in 0..<40 {
            unit.set(["level1.level": 2 + Double(second) * 0.02])   // 1.2 m/min > 0.5 m/min
            unit.step()
        }
        #expect(unit.alarm("level_rate.rise") == .unacknowledged)
        #expect(unit.snapshot.alarm("level_rate.fall") == nil, "no fall limit configured")
        let value = try #require(unit.snapshot.alarm("level_rate.rise")?.value)
        #expect(abs(value - 1.2) < 1e-6)
    }

    @Test(arguments: [
        // (inputs, quality, alarm id)
        (["ph1.ph": 7.0], PointQuality.commFail, "ph_signal"),
        (["blower2.fault": 1.0], .good, "blower2_trip"),
    ])
    func conditionAlarms(values: [String: Double], quality: PointQuality, id: String) throws {
        let unit = try ModesFixture()
        unit.steps(2)
        #expect(unit.alarm(id) == .normal)
        unit.set(values, quality: quality)
        unit.step()
        #expect(unit.alarm(id) == .unacknowledged)
    }

    @Test func aCalibrationRecordCorrectsTheInstrumentAndShowsItsDueDate() throws {
        let unit = try ModesFixture()
        unit.step()
        let record = CalibrationRecord(kind: .ph, slope: 100, offset: 10, time: unit.utcNow, by: "tom", points: [4, 7])
        #expect(unit.command(.applyCalibration(instrument: "ph1.ph", record: record))?.isAccepted == true)
        unit.step()
        let expected = 7 + 10 / Calibration.nernstSlope(celsius: 25)
        #expect(abs((unit.snapshot.loop("ph1")?.pv ?? 0) - expected) < 1e-9)
        let status = try #require(unit.snapshot.calibration("ph1.ph"))
        #expect(status.record == record)
        #expect(status.due == record.time + 30 * 86_400)
        #expect(!status.overdue)
        #expect(unit.snapshot.events.last?.kind == .calibration)
    }

    @Test(arguments: [
        ("ph1.ph", CalibrationRecord(kind: .dissolvedOxygen, slope: 1, offset: 0, time: 0, by: "tom"), "takes a ph calibration"),
        ("do1.oxygen", CalibrationRecord(kind: .dissolvedOxygen, slope: 1, offset: 0, time: 0, by: "tom"), "not a calibrated instrument"),
        ("ph1.ph", CalibrationRecord(kind: .ph, slope: .nan, offset: 0, time: 0, by: "tom"), "finite positive slope"),
    ])
    func calibrationRefusals(instrument: String, record: CalibrationRecord, reason: String) throws {
        let unit = try ModesFixture()
        guard case .rejected(let text) = unit.command(.applyCalibration(instrument: instrument, record: record)) else {
            Issue.record("accepted")
            return
        }
        #expect(text.contains(reason), "\(text)")
        #expect(unit.command(.applyCalibration(instrument: "ph1.ph", record: record), from: ModesFixture.operatorAna)?.isAccepted == false)
    }

    @Test func anOldCalibrationRaisesTheOverdueAlarm() throws {
        let old = CalibrationRecord(kind: .ph, slope: 98, offset: 0, time: ModesFixture.wallOffset - 31 * 86_400, by: "tom")
        let unit = try ModesFixture(calibrations: ["ph1.ph": old])
        unit.step()
        #expect(unit.alarm("ph1.ph.calibration_due") == .unacknowledged)
        #expect(unit.snapshot.calibration("ph1.ph")?.overdue == true)
        let fresh = CalibrationRecord(kind: .ph, slope: 98, offset: 0, time: unit.utcNow, by: "tom")
        _ = unit.command(.applyCalibration(instrument: "ph1.ph", record: fresh))
        #expect(unit.alarm("ph1.ph.calibration_due") == .returnedUnacknowledged)
    }

    @Test func neverCalibratedIsNotOverdue() throws {
        let unit = try ModesFixture()
        unit.step(40 * 86_400)
        #expect(unit.alarm("ph1.ph.calibration_due") == .normal)
        #expect(unit.snapshot.calibration("ph1.ph")?.record == nil)
    }
}
