import Config
import FieldIO
import HAL
import Logging
import Runtime

/// A unit with one DO loop on one blower, a level interlock on it and a level alarm, run
/// on a manual clock over a point image the test fills by hand.
final class UnitProgramFixture {
    static let oxygen = PointReference(key: "do1.oxygen", imageKey: "do1.oxygen", unit: "mg/L", range: 0...20)
    static let level = PointReference(key: "level1.level", imageKey: "level1.level", unit: "m")
    static let speed = "blower1.speed_reference"
    static let run = "blower1.control_word"

    let clock = ManualClock()
    let image = PointImage()
    let program: UnitProgram
    let engine: ScanEngine<UnitProgram>
    static let operatorAna = CommandSource(name: "console:ana", role: .operator_)
    static let viewer = CommandSource(name: "console:guest", role: .viewer)

    init(mode: LoopMode = .auto, badDOSpeed: Double? = 60, latching: Bool = false) throws {
        let blower = BlowerConfig(name: "blower1", speed: PointReference(key: Self.speed, imageKey: Self.speed, unit: "%", range: 0...100),
                                  run: PointReference(key: Self.run, imageKey: Self.run), minimumSpeed: 20, maximumSpeed: 100)
        let aeration = AerationLoopConfig(dissolvedOxygen: Self.oxygen,
                                          outer: PIDConfig(gain: 25, integralTime: 600, outputLimits: 20...100),
                                          blowers: [blower], badDOSpeed: badDOSpeed, badDODelay: 10)
        let loop = LoopConfig(name: "aeration1", mode: mode, setpoint: 2, setpointLimits: 0.5...4, kind: .aeration(aeration))
        let interlock = InterlockConfig(name: "low-level",
                                        permissives: [PointCondition(text: "level1.level > 0.5", point: Self.level,
                                                                     comparison: .greater, threshold: 0.5)],
                                        loops: ["aeration1"], latching: latching)
        let alarm = AlarmConfig(name: "level_high", trigger: .analog(point: Self.level, limits: [(.h, 4.0), (.hh, 4.5)], deadband: 0.1),
                                priority: .high, message: "basin level high")
        program = try UnitProgram(control: ControlConfig(loops: [loop], alarms: [alarm], interlocks: [interlock]))
        engine = ScanEngine(program: program, period: .seconds(1), image: image, clock: clock, logger: Logger(label: "floc.test"))
        set(level: 2)
    }

    func set(oxygen: Double, quality: PointQuality = .good) {
        image.update([Self.oxygen.imageKey: PointSample(value: oxygen, quality: quality, time: clock.now)])
    }

    func set(level: Double) {
        image.update([Self.level.imageKey: PointSample(value: level, quality: .good, time: clock.now)])
    }

    /// Advances one period and runs one scan.
    func step(_ seconds: Double = 1) {
        clock.advance(by: .nanoseconds(Int64(seconds * 1e9)))
        engine.runCycle(deadline: clock.now)
    }

    /// Submits a command and runs the scan that answers it.
    func command(_ command: UnitCommand, from source: CommandSource = operatorAna) -> CommandResult? {
        let ticket = engine.commands.submit(command, from: source)
        step()
        return ticket.result
    }

    var speed: Double? { image.desired(Self.speed) }
    var run: Double? { image.desired(Self.run) }
    var snapshot: UnitSnapshot? { engine.snapshots.value?.program }
}
