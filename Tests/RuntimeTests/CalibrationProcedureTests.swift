import Console
import Control
import Testing
@testable import Runtime

/// Guided calibration through the console backend: a pH probe in two buffers, limits, ownership,
/// stability and its timeout, and DO points.
@Suite struct CalibrationProcedureTests {
    @Test func aPHProbeIsCalibratedBufferByBuffer() throws {
        let unit = try ConsoleBackendFixture()
        let backend = unit.backend
        let alice = ConsoleBackendFixture.alice
        // The pH loop reads this probe: it is held, so the loop does not dose on buffer readings.
        #expect(backend.perform(.calibrate(.ph, instrument: "ph1", .start), by: alice) == .done([
            "ph1: ph calibration started (ph1.ph held)",
            "Put the probe in the first buffer, then: calibrate ph ph1 point <buffer pH, e.g. 7.00>",
        ]))
        // Buffer 7: the reading drifts for 4 s, then settles.
        let seven = unit.measure(backend.perform(.calibrate(.ph, instrument: "ph1", .point(7.00)), by: alice),
                                 raw: "ph1.ph_mv", { $0 < 4 ? -30 + Double($0) * 6 : -4.9 },
                                 temperature: ("ph1.temperature", 25))
        #expect(seven.end == .done(["ph1: buffer 7.00 recorded: -4.9 mV at 25.0 °C (buffer pH 7.00)"]))
        #expect(seven.waiting.count >= 8 && seven.waiting.count <= 14, "\(seven.waiting)")
        #expect(seven.waiting.last?.hasSuffix("stable 2 of 3 s (any key cancels)") == true, "\(seven.waiting)")
        let four = unit.measure(backend.perform(.calibrate(.ph, instrument: "ph1", .point(4.01)), by: alice),
                                raw: "ph1.ph_mv", { _ in 169.9 }, temperature: ("ph1.temperature", 25))
        #expect(four.end == .done(["ph1: buffer 4.01 recorded: 169.9 mV at 25.0 °C (buffer pH 4.00)"]))
        #expect(backend.perform(.calibrate(.ph, instrument: "ph1", .status), by: alice) == .done([
            "calibrate ph ph1 by alice",
            "  buffer 7.00: -4.9 mV at 25.0 °C (buffer pH 7.00)",
            "  buffer 4.01: 169.9 mV at 25.0 °C (buffer pH 4.00)",
            "  slope 98.5 % of Nernst, offset -4.9 mV: within limits",
        ]))
        // The snapshot showing the hold comes with the scan after it (real time: the scan runs on its thread).
        #expect(PeerlessWait.until {
            let input = unit.engine.snapshots.value?.program.inputs.first { $0.key == "ph1.ph" }
            return input?.held == true && input?.quality == .uncertain
        }, "ph1.ph held")
        let accepted = backend.perform(.calibrate(.ph, instrument: "ph1", .accept), by: alice)
        guard case .done(let lines) = accepted else { Issue.record("\(accepted)"); return }
        #expect(lines.first == "ph1: calibration stored, slope 98.5 % of Nernst, offset -4.9 mV: within limits")
        #expect(lines.dropFirst().first?.hasPrefix("ph1.ph calibrated (ph slope 98.4") == true, "\(lines)")
        #expect(lines.last == "ph1.ph released", "\(lines)")
        #expect(backend.calibrations.procedure("ph1") == nil)
        // The scan now conditions ph1.ph with the record: the probe's 7.1 reads 7 + 0.1/0.985 + (-4.9)/(0.985 S).
        unit.set("ph1.ph", 7.1)
        #expect(PeerlessWait.until {
            guard let value = unit.engine.snapshots.value?.program.inputs.first(where: { $0.key == "ph1.ph" })?.value else { return false }
            return abs(value - 7.0182) < 0.002
        }, "\(String(describing: unit.engine.snapshots.value?.program.inputs))")
    }

    @Test func aSlopeOutsideTheLimitsIsRefusedSayingWhichLimit() throws {
        let unit = try ConsoleBackendFixture()
        let alice = ConsoleBackendFixture.alice
        _ = unit.command(.setMode(loop: "ph1", mode: .oos))
        _ = unit.backend.perform(.calibrate(.ph, instrument: "ph1", .start), by: alice)
        for (buffer, millivolts) in [(7.0, 40.0), (10.0, -80.0)] {
            let point = unit.measure(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .point(buffer)), by: alice),
                                     raw: "ph1.ph_mv", { _ in millivolts })
            guard case .done? = point.end else { Issue.record("\(point)"); return }
        }
        // No temperature point was read: 25 °C assumed, and said so.
        let status = unit.backend.perform(.calibrate(.ph, instrument: "ph1", .status), by: alice)
        #expect(status == .done([
            "calibrate ph ph1 by alice",
            "  buffer 7.00: 40.0 mV at 25.0 °C (assumed) (buffer pH 7.00)",
            "  buffer 10.00: -80.0 mV at 25.0 °C (assumed) (buffer pH 10.01)",
            "  slope 67.4 % of Nernst, offset 40.0 mV: outside limits: slope 67.4 % outside 85...105 %; offset 40.0 mV beyond ±30 mV",
        ]))
        #expect(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .accept), by: alice) == .refused(
            "ph1: not stored, slope 67.4 % of Nernst, offset 40.0 mV: outside limits: slope 67.4 % outside 85...105 %; "
                + "offset 40.0 mV beyond ±30 mV; the previous calibration stays"))
        // Still open: the technician may take the buffers again or cancel.
        #expect(unit.backend.calibrations.procedure("ph1") != nil)
        #expect(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .cancel), by: alice)
            == .done(["ph1: calibration cancelled; the previous calibration stays", "ph1.ph released"]))
        #expect(unit.backend.calibrations.procedure("ph1") == nil)
    }

    @Test func anotherTechnicianMayNotTakeOverButAnEngineerMay() throws {
        let unit = try ConsoleBackendFixture()
        _ = unit.command(.setMode(loop: "ph1", mode: .manual))
        _ = unit.backend.perform(.calibrate(.ph, instrument: "ph1", .start), by: ConsoleBackendFixture.alice)
        #expect(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .status), by: ConsoleBackendFixture.tom)
            == .refused("ph1 is being calibrated by alice"))
        #expect(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .start), by: ConsoleBackendFixture.tom)
            == .refused("ph1 is being calibrated by alice"))
        #expect(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .cancel), by: ConsoleBackendFixture.erik)
            == .done(["ph1: calibration cancelled; the previous calibration stays", "ph1.ph released"]))
    }

    @Test func anUnstableReadingTimesOutAndABadOneWaits() throws {
        let unit = try ConsoleBackendFixture()
        let alice = ConsoleBackendFixture.alice
        _ = unit.command(.setMode(loop: "ph1", mode: .manual))
        _ = unit.backend.perform(.calibrate(.ph, instrument: "ph1", .start), by: alice)
        let noisy = unit.measure(unit.backend.perform(.calibrate(.ph, instrument: "ph1", .point(7)), by: alice),
                                 raw: "ph1.ph_mv", { $0 % 2 == 0 ? 5 : -5 })
        #expect(noisy.end == .refused("ph1: buffer 7.00 not stable within 300 s, spread 10.0 mV; not recorded"))
        let reply = unit.backend.perform(.calibrate(.ph, instrument: "ph1", .point(7)), by: alice)
        guard case .pending(let work) = reply else { Issue.record("\(reply)"); return }
        unit.image.fail(["ph1.ph_mv"], quality: .commFail, at: unit.clock.now)
        #expect(work.task.poll() == .waiting("ph1: buffer 7.00: waiting for a good reading (bad)"))
        #expect(work.task.cancel() == .done(["ph1: point not recorded"]))
        #expect(unit.backend.calibrations.procedure("ph1")?.measuring == nil)
    }

    @Test(arguments: [
        (ConsoleRequest.calibrate(.do, instrument: "ph1", .start), "ph1 is a ph-orp device, not a do probe"),
        (.calibrate(.ph, instrument: "tank", .start), "no instrument named tank"),
        (.calibrate(.ph, instrument: "do1", .accept), "no ph calibration of do1 under way: start one with `calibrate ph do1 start`"),
    ])
    func wrongInstrumentsAreRefused(request: ConsoleRequest, reason: String) throws {
        let unit = try ConsoleBackendFixture()
        #expect(unit.backend.perform(request, by: ConsoleBackendFixture.alice) == .refused(reason))
    }

    @Test func aDOProbeTakesAZeroAndAnAirPointWithPressure() throws {
        let unit = try ConsoleBackendFixture()
        let alice = ConsoleBackendFixture.alice
        #expect(unit.backend.perform(.calibrate(.do, instrument: "do1", .start), by: alice) == .done([
            "do1: do calibration started",
            "Probe in zero solution (optional): calibrate do do1 point 0",
            "Probe in air: calibrate do do1 point <barometric pressure, kPa, e.g. 101.3>",
        ]))
        #expect(unit.backend.perform(.calibrate(.do, instrument: "do1", .point(20)), by: alice) == .refused(
            "a DO point is 0 (probe in zero solution) or the barometric pressure in kPa, 50...110 (probe in air)"))
        #expect(unit.backend.perform(.calibrate(.do, instrument: "do1", .accept), by: alice)
            == .refused("do1: the air point is needed (point <kPa>)"))
        let zero = unit.measure(unit.backend.perform(.calibrate(.do, instrument: "do1", .point(0)), by: alice),
                                raw: "do1.oxygen", { _ in 0.1 }, temperature: ("do1.temperature", 20))
        #expect(zero.end == .done(["do1: zero recorded: 0.10 mg/L"]))
        // 9.092 mg/L is saturation at 20 °C and 101.325 kPa; at 90 kPa it is about 8.07 mg/L.
        let air = unit.measure(unit.backend.perform(.calibrate(.do, instrument: "do1", .point(90)), by: alice),
                               raw: "do1.oxygen", { _ in 8.3 }, temperature: ("do1.temperature", 20))
        guard case .done(let lines)? = air.end else { Issue.record("\(air)"); return }
        #expect(lines.first?.hasPrefix("do1: air point recorded: 8.30 mg/L at 20.0 °C, 90.0 kPa (saturation 8.0") == true, "\(lines)")
        guard case .done(let status) = unit.backend.perform(.calibrate(.do, instrument: "do1", .status), by: alice) else {
            Issue.record("no status"); return
        }
        #expect(status.last?.hasPrefix("  zero 0.10 mg/L, span 101.") == true, "\(status)")
        #expect(status.last?.hasSuffix(": within limits") == true, "\(status)")
    }
}
