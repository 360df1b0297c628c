import Config
import FieldIO
import Foundation
import HAL
import Logging
import Runtime

/// One PID flow loop (PV `ft1.flow`, output `pump1.speed`, safe 0 %) with a high-flow alarm,
/// scanned on a manual clock over a point image the test fills, with the ``OutputHold`` of
/// `floc run` installed.
final class FlowLoopFixture {
    static let flow = PointReference(key: "ft1.flow", imageKey: "ft1.flow", unit: "m3/h", range: 0...100)
    static let speed = PointReference(key: "pump1.speed", imageKey: "pump1.speed", unit: "%", range: 0...100)
    static let quiet = Logger(label: "floc.test", factory: { _ in SwiftLogNoOpLogHandler() })

    let clock = ManualClock()
    let image = PointImage()
    let control: ControlConfig
    let program: UnitProgram
    let engine: ScanEngine<UnitProgram>
    let hold: OutputHold

    init(setpointLimits: ClosedRange<Double> = 0...50, gain: Double = 0.5, monitoringOnly: Bool = false) throws {
        let pid = PIDLoopConfig(pv: Self.flow, output: Self.speed,
                                pid: PIDConfig(gain: gain, integralTime: 60, outputLimits: 0...100), safeOutput: 0)
        let loop = LoopConfig(name: "flow1", mode: .auto, setpoint: 20, setpointLimits: setpointLimits, kind: .pid(pid))
        let alarm = AlarmConfig(name: "flow_high", trigger: .analog(point: Self.flow, limits: [(.h, 80.0)], deadband: 1),
                                priority: .high, message: "flow high")
        control = ControlConfig(loops: [loop], alarms: [alarm])
        program = try UnitProgram(control: control)
        engine = ScanEngine(program: program, period: .seconds(1), image: image, clock: clock, logger: Self.quiet)
        hold = OutputHold(program: program, monitoringOnly: monitoringOnly)
        engine.outputGate = { [hold] in hold.gate(&$0) }
    }

    func set(flow: Double, quality: PointQuality = .good) {
        image.update([Self.flow.imageKey: PointSample(value: flow, quality: quality, time: clock.now)])
    }

    /// Advances one second and runs one scan.
    func step() {
        clock.advance(by: .seconds(1))
        engine.runCycle(deadline: clock.now)
    }

    func command(_ command: UnitCommand) -> CommandResult? {
        let ticket = engine.commands.submit(command, from: CommandSource(name: "console:ana", role: .operator_))
        step()
        return ticket.result
    }

    var speed: Double? { image.desired(Self.speed.imageKey) }
    var snapshot: UnitSnapshot? { engine.snapshots.value?.program }
    var seconds: Double { Double(clock.now.nanoseconds) / 1e9 }
}

/// A fresh database path in a fresh temporary folder.
func temporaryStatePath() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-state-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("state.db").path
}
