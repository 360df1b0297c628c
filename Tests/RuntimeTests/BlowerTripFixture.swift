import Config
import Control
import FieldIO
import HAL
import Logging
import Runtime

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
