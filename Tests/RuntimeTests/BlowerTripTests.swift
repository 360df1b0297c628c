import Config
import Control
import FieldIO
import HAL
import Logging
import Runtime
import Testing

/// Two staged blowers, each with a run command, a running contact and a drive fault bit read
/// from the drive's status word, as `Boards/units/simulator.toml` wires its VACON drive.
final class BlowerTripFixture {
    static func point(_ key: String, unit: String = "", range: ClosedRange<Double>? = nil, flag: String? = nil) -> PointReference {
        PointReference(key: flag.map { "\(key).\($0)" } ?? key, imageKey: key, flag: flag, unit: unit, range: range,
                       isBoolean: range == nil)
    }

    let clock = ManualClock()
    let image = PointImage()
    let engine: ScanEngine<UnitProgram>

    /// `drivesAnswer` false: the drives' status words are not read yet.
    init(drivesAnswer: Bool = true) throws {
        func blower(_ n: Int) -> BlowerConfig {
            BlowerConfig(name: "blower\(n)", speed: Self.point("blower\(n).speed_reference", unit: "%", range: 0...100),
                         run: Self.point("blower\(n).control_word"),
                         running: Self.point("blower\(n).status_word", flag: "run"),
                         fault: Self.point("blower\(n).status_word", flag: "fault"), minimumSpeed: 20, maximumSpeed: 100)
        }
        let aeration = AerationLoopConfig(dissolvedOxygen: Self.point("do1.oxygen", unit: "mg/L", range: 0...20),
                                          outer: PIDConfig(gain: 25, integralTime: 600, outputLimits: 20...100),
                                          blowers: [blower(1), blower(2)], badDODelay: 10)
        let loop = LoopConfig(name: "aeration1", mode: .auto, setpoint: 2, setpointLimits: 0.5...4, kind: .aeration(aeration))
        let program = try UnitProgram(control: ControlConfig(loops: [loop]))
        engine = ScanEngine(program: program, period: .seconds(1), image: image, clock: clock, logger: Logger(label: "floc.test"))
        image.update(["do1.oxygen": PointSample(value: 2.5, quality: .good, time: clock.now)])
        if drivesAnswer { drives(tripped: []) }
    }

    /// The drives' status words as they would read: running while commanded and not tripped.
    func drives(tripped: Set<Int>, quality: PointQuality = .good) {
        for n in 1...2 {
            let running = output("blower\(n).control_word") == 1 && !tripped.contains(n)
            image.update(["blower\(n).status_word": PointSample(value: 0, quality: quality, time: clock.now,
                                                                 flags: ["run": running, "fault": tripped.contains(n)])])
        }
        image.update(["do1.oxygen": PointSample(value: 2.5, quality: .good, time: clock.now)])
    }

    /// Scans `count` times, the drives answering after each.
    func steps(_ count: Int, tripped: Set<Int> = [], quality: PointQuality = .good) {
        for _ in 0..<count {
            clock.advance(by: .seconds(1))
            engine.runCycle(deadline: clock.now)
            drives(tripped: tripped, quality: quality)
        }
    }

    func output(_ key: String) -> Double? { image.desired(key) }
}

@Suite struct BlowerTripTests {
    @Test func aTrippedBlowerIsStoppedAndTheNextTakesOver() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        #expect(unit.output("blower1.control_word") == 1)
        #expect(unit.output("blower1.speed_reference") == 20, "DO above the setpoint: the minimum speed")
        #expect(unit.output("blower2.control_word") == 0)
        unit.steps(2, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0, "a tripped drive is not commanded to run")
        #expect(unit.output("blower1.speed_reference") == 0, "nor given a speed")
        #expect(unit.output("blower2.control_word") == 1, "the standby is staged")
        #expect(unit.output("blower2.speed_reference") == 20)
        // Still tripped: it stays out, the standby keeps running.
        unit.steps(30, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 1)
    }

    @Test func aTrippedBlowerWhoseStatusCannotBeReadIsNotTrustedToRun() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        unit.steps(2, tripped: [1, 2])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 0)
        // The drives' status words go bad while they are tripped: what they last said stands.
        unit.steps(5, tripped: [1, 2], quality: .commFail)
        #expect(unit.output("blower1.control_word") == 0, "no run command on a drive last seen tripped")
        #expect(unit.output("blower1.speed_reference") == 0)
        #expect(unit.output("blower2.control_word") == 0)
    }

    @Test func aDriveNotReadYetIsNotStarted() throws {
        let unit = try BlowerTripFixture(drivesAnswer: false)
        for _ in 0..<3 {
            unit.clock.advance(by: .seconds(1))
            unit.engine.runCycle(deadline: unit.clock.now)
        }
        #expect(unit.output("blower1.control_word") == 0, "its fault bit unknown: not started blind")
        #expect(unit.output("blower2.control_word") == 0)
        unit.drives(tripped: [1])
        unit.steps(2, tripped: [1])
        #expect(unit.output("blower1.control_word") == 0)
        #expect(unit.output("blower2.control_word") == 1, "the one read healthy runs")
    }

    @Test func aClearedTripReturnsTheBlowerToStaging() throws {
        let unit = try BlowerTripFixture()
        unit.steps(3)
        unit.steps(5, tripped: [1])
        #expect(unit.output("blower2.control_word") == 1)
        // Cleared: available again, as standby; staging starts it when the demand needs two
        // or when the running one stops.
        unit.steps(2, tripped: [])
        unit.steps(2, tripped: [2])
        #expect(unit.output("blower1.control_word") == 1, "back in service once its trip cleared")
        #expect(unit.output("blower2.control_word") == 0)
    }
}
