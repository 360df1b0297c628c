import Config
import Control
import Foundation
@testable import Runtime
import StateStore
import Testing

/// Equipment run hours and starts, and calibrations: captured, stored, planned per `[retain]`
/// and handed to the new program as start values.
@Suite struct RetainedStartValuesTests {
    static func point(_ key: String, unit: String = "") -> PointReference {
        PointReference(key: key, imageKey: key, unit: unit, range: 0...100)
    }

    /// Two blowers on a DO loop and a pH instrument calibrated in Floc.
    static let control: ControlConfig = {
        let blowers = (1...2).map {
            BlowerConfig(name: "blower\($0)", speed: point("blower\($0).speed", unit: "%"), minimumSpeed: 20, maximumSpeed: 100)
        }
        let aeration = AerationLoopConfig(dissolvedOxygen: point("do1.oxygen", unit: "mg/L"),
                                          outer: PIDConfig(gain: 25, integralTime: 600, outputLimits: 20...100), blowers: blowers)
        return ControlConfig(loops: [LoopConfig(name: "aeration1", mode: .auto, setpoint: 2, setpointLimits: 0.5...4, kind: .aeration(aeration))],
                             instruments: [InstrumentConfig(point: point("ph1.ph", unit: "pH"), calibration: .ph)])
    }()

    static let record = CalibrationRecord(kind: .ph, slope: 97.5, offset: 3.2, time: 1_790_000_000, by: "tom", points: [4, 7])
    static let saved = RetainedState(equipment: ["blower1": RetainedEquipment(runSeconds: 36_000, starts: 12),
                                                 "blower9": RetainedEquipment(runSeconds: 60, starts: 1)],
                                     calibrations: ["ph1.ph": record, "do9.oxygen": CalibrationRecord(kind: .dissolvedOxygen, slope: 1, offset: 0, time: 1, by: "x")])

    @Test func restorePolicyHandsCountersAndCalibrationsToTheProgram() throws {
        let plan = RestorePlan(saved: Self.saved, control: Self.control, policy: RetainConfig(), now: 0)
        #expect(plan.equipment == ["blower1": EquipmentCounter(runSeconds: 36_000, starts: 12)])
        #expect(plan.calibrations == ["ph1.ph": Self.record])
        #expect(plan.skipped.contains { $0.hasPrefix("blower9: no longer in the unit") })
        #expect(plan.skipped.contains { $0.hasPrefix("do9.oxygen: no longer calibrated") })
        #expect(plan.steps.isEmpty, "start values, not commands: no source can send run hours")
        let program = try UnitProgram(control: Self.control, calibrations: plan.calibrations, equipment: plan.equipment)
        let snapshot = program.snapshot()
        let blower1 = try #require(snapshot.equipment.first { $0.name == "blower1" })
        #expect(blower1.runHours == 10 && blower1.starts == 12)
        #expect(snapshot.calibration("ph1.ph")?.record == Self.record)
        // And what the program shows is what the next save keeps.
        let again = RetainedState(snapshot: snapshot, control: Self.control, wallTime: 0)
        #expect(again.equipment["blower1"] == RetainedEquipment(runSeconds: 36_000, starts: 12))
        #expect(again.equipment["blower2"] == RetainedEquipment(runSeconds: 0, starts: 0))
        #expect(again.calibrations == ["ph1.ph": Self.record])
    }

    @Test func defaultPolicyStartsFromZeroAndTheInstrumentsOwnCalibration() {
        var policy = RetainConfig()
        policy.equipment = .default
        policy.calibrations = .default
        let plan = RestorePlan(saved: Self.saved, control: Self.control, policy: policy, now: 0)
        #expect(plan.equipment.isEmpty && plan.calibrations.isEmpty)
        #expect(plan.skipped.contains("blower1: run hours and starts not restored ([retain] equipment = \"default\")"))
        #expect(plan.skipped.contains("ph1.ph: calibration not restored ([retain] calibrations = \"default\")"))
    }

    @Test func runHoursAreKeptInWholeMinutesSoARunningBlowerIsNotSavedEverySecond() {
        let status = { (hours: Double) in
            UnitSnapshot(loops: [LoopStatus(name: "aeration1", type: "aeration", mode: .auto, setpoint: 2, pv: 2, output: 50, pvUnit: "mg/L",
                                            outputUnit: "%", outputs: [:],
                                            equipment: [EquipmentStatus(name: "blower1", loop: "aeration1", kind: "blower", hoa: .auto,
                                                                        running: true, output: 50, runHours: hours, starts: 3)])])
        }
        let a = RetainedState(snapshot: status(10 + 61.0 / 3600), control: Self.control, wallTime: 0)
        let b = RetainedState(snapshot: status(10 + 119.0 / 3600), control: Self.control, wallTime: 0)
        #expect(a == b)
        #expect(a.equipment["blower1"] == RetainedEquipment(runSeconds: 36_060, starts: 3))
    }

    @Test func countersAndCalibrationsReadBackFromTheStore() throws {
        let store = try RetainedStateStore(path: temporaryStatePath())
        try store.save(Self.saved, savedAt: 5)
        #expect(try store.load()?.state == Self.saved)
    }

    @Test func aReloadCarriesCountersAndCalibrationsOver() throws {
        let program = try UnitProgram(control: Self.control, calibrations: ["ph1.ph": Self.record],
                                      equipment: ["blower2": EquipmentCounter(runSeconds: 90, starts: 2)])
        let plan = RestorePlan(carryingOver: program.snapshot(), into: Self.control)
        #expect(plan.equipment["blower2"] == EquipmentCounter(runSeconds: 90, starts: 2))
        #expect(plan.calibrations == ["ph1.ph": Self.record])
    }
}
