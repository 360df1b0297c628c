import Config
import Control
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import Logging
import Runtime
import Testing

/// A wall-clock jump cannot be made in CI. What can go wrong is shown here instead: the scan,
/// polling, timeouts, alarm delays and shelving run on the monotonic clock (checked in the
/// sources), and the only wall-clock uses of the scan, calibration due dates, behave sanely
/// when the wall clock goes back a day or forward by hours (UnitProgram's `utcNow` input).
struct ClockJumpTests {
    /// The wall clock the program is handed: monotonic time plus an offset the test jumps.
    final class JumpingWallClock: @unchecked Sendable {
        // @unchecked: `offset` is only touched under `lock`.
        private let lock = NSLock()
        private var offset = 1_700_000_000.0
        func jump(by seconds: Double) { lock.withLock { offset += seconds } }
        func now(_ clock: ManualClock) -> Double { lock.withLock { offset } + Double(clock.now.nanoseconds) / 1e9 }
    }

    @Test func theScanAndFieldPathsNeverReadTheWallClock() throws {
        let root = PeerProcess.packageRoot.appendingPathComponent("Sources")
        var readers: [String] = []
        for module in ["Control", "FieldIO", "Runtime", "HAL", "HALLinux"] {
            let folder = root.appendingPathComponent(module)
            for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                if text.split(separator: "\n").contains(where: { line in
                    ["Date()", "CLOCK_REALTIME", "gettimeofday", "time(nil)"].contains(where: line.contains)
                }) {
                    readers.append("\(module)/\(file)")
                }
            }
        }
        // Allowed: UnitProgram's default `utcNow` (calibration due dates) and the console's time stamp
        // on a calibration record a technician accepts; neither times the scan or the field I/O.
        #expect(readers.sorted() == ["Runtime/UnitConsoleBackend+Calibration.swift", "Runtime/UnitProgram.swift"], "\(readers)")
    }

    @Test func calibrationDueDatesFollowTheWallClockBothWaysAndShelvingIgnoresIt() throws {
        let clock = ManualClock()
        let wall = JumpingWallClock()
        let ph = PointReference(key: "ph1.ph", imageKey: "ph1.ph", unit: "pH", range: 0...14, isBoolean: false)
        let control = ControlConfig(alarms: [AlarmConfig(name: "ph_signal", trigger: .badQuality(ph))],
                                    instruments: [InstrumentConfig(point: ph, calibration: .ph, calibrationIntervalDays: 30)])
        let calibrated = CalibrationRecord(kind: .ph, slope: 99, offset: 0, time: wall.now(clock), by: "tom")
        let program = try UnitProgram(control: control, calibrations: ["ph1.ph": calibrated], utcNow: { wall.now(clock) })
        let image = PointImage()
        let engine = ScanEngine(program: program, period: .seconds(1), image: image, clock: clock,
                                logger: Logger(label: "floc.clock-jump") { _ in SwiftLogNoOpLogHandler() })
        func scan(_ seconds: Int = 1, quality: PointQuality = .good) {
            for _ in 0..<seconds {
                clock.advance(by: .seconds(1))
                image.update(["ph1.ph": PointSample(value: 7, quality: quality, time: clock.now)])
                engine.runCycle(deadline: clock.now)
            }
        }
        func state(_ id: String) -> AlarmState? { engine.snapshots.value?.program.alarm(id)?.state }
        scan(2)
        #expect(state("ph1.ph.calibration_due") == .normal)
        let due = try #require(engine.snapshots.value?.program.calibration("ph1.ph")?.due)
        #expect(due == calibrated.time + 30 * 86_400)

        // Back a day (an RTC reset, NTP stepping back): the record is "from the future"; nothing trips.
        wall.jump(by: -86_400)
        scan()
        #expect(state("ph1.ph.calibration_due") == .normal)
        #expect(engine.snapshots.value?.program.calibration("ph1.ph")?.due == due, "the due date is the record's, not the clock's")

        // A shelved alarm stays shelved across a jump of 6 hours and returns after its 10 minutes of scans.
        let ticket = engine.commands.submit(.shelve(alarm: "ph_signal", minutes: 10), from: CommandSource(name: "console:ana", role: .operator_))
        scan()
        #expect(ticket.result?.isAccepted == true)
        wall.jump(by: 6 * 3600)
        scan(5, quality: .commFail)
        #expect(state("ph_signal") == .shelved, "wall time does not end shelving")
        scan(600, quality: .commFail)
        #expect(state("ph_signal") == .unacknowledged, "10 monotonic minutes do")

        // Forward past the due date: overdue, as the wall clock says; back again: the alarm returns to normal.
        wall.jump(by: 31 * 86_400)
        scan()
        #expect(state("ph1.ph.calibration_due") == .unacknowledged)
        wall.jump(by: -31 * 86_400)
        scan()
        #expect(state("ph1.ph.calibration_due") == .returnedUnacknowledged)
    }
}
