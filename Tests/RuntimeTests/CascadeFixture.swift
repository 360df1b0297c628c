import Config
import FieldIO
import HAL
import Logging
@testable import Runtime

/// Level -> flow cascade on a manual clock: the outer loop `level` (m) gives the setpoint of the
/// inner loop `flow` (m3/h, `setpoint_from = "level"`), which drives a pump's speed (%). Plant,
/// stepped with the scans: flow follows speed (1 m3/h per %, lag 3 s, much faster than) the level,
/// which follows flow (0.1 m per m3/h, lag 100 s). The inner loop is listed first, so the scan
/// order comes from the cascade, not from the file.
final class CascadeFixture {
    static let level = PointReference(key: "tank.level", imageKey: "tank.level", unit: "m", range: 0...10)
    static let flowReference = PointReference(key: "ref.flow", imageKey: "ref.flow", unit: "m3/h", range: 0...100)
    static let flow = PointReference(key: "pump.flow", imageKey: "pump.flow", unit: "m3/h", range: 0...100)
    static let speed = PointReference(key: "pump.speed", imageKey: "pump.speed", unit: "%", range: 0...100)
    static let operatorAna = CommandSource(name: "console:ana", role: .operator_)

    let clock = ManualClock()
    let image = PointImage()
    let engine: ScanEngine<UnitProgram>
    var levelValue: Double
    var flowValue: Double
    var levelQuality = PointQuality.good

    init(innerMode: LoopMode = .cascade, level: Double = 4, flow: Double = 40) throws {
        let inner = LoopConfig(name: "flow", mode: innerMode, setpoint: 40, setpointLimits: 0...100,
                               kind: .pid(PIDLoopConfig(pv: Self.flow, output: Self.speed,
                                                        pid: PIDConfig(gain: 0.5, integralTime: 3, outputLimits: 0...100),
                                                        safeOutput: 0, setpointFrom: "level")))
        let outer = LoopConfig(name: "level", mode: .auto, setpoint: 4, setpointLimits: 0...10,
                               kind: .pid(PIDLoopConfig(pv: Self.level, output: Self.flowReference,
                                                        pid: PIDConfig(gain: 20, integralTime: 100, outputLimits: 0...100),
                                                        safeOutput: 0)))
        levelValue = level
        flowValue = flow
        engine = ScanEngine(program: try UnitProgram(control: ControlConfig(loops: [inner, outer])), period: .seconds(1),
                            image: image, clock: clock, logger: Logger(label: "floc.test"))
        publish()
    }

    private func publish() {
        image.update([Self.level.imageKey: PointSample(value: levelValue, quality: levelQuality, time: clock.now),
                      Self.flow.imageKey: PointSample(value: flowValue, quality: .good, time: clock.now)])
    }

    /// One second: the plant moves on the last speed, then one scan.
    func step() {
        let speed = image.desired(Self.speed.imageKey) ?? 0
        flowValue += (speed - flowValue) / 3
        levelValue += (0.1 * flowValue - levelValue) / 100
        clock.advance(by: .seconds(1))
        publish()
        engine.runCycle(deadline: clock.now)
    }

    func steps(_ count: Int) { for _ in 0..<count { step() } }

    func command(_ command: UnitCommand, from source: CommandSource = operatorAna) -> CommandResult? {
        let ticket = engine.commands.submit(command, from: source)
        step()
        return ticket.result
    }

    var snapshot: UnitSnapshot { engine.snapshots.value!.program }
    var inner: LoopStatus { snapshot.loop("flow")! }
    var outer: LoopStatus { snapshot.loop("level")! }
    /// The outer loop's output this scan, as written to its own point.
    var outerOutput: Double? { image.desired(Self.flowReference.imageKey) }
    var speed: Double? { image.desired(Self.speed.imageKey) }
}
