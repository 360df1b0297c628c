import Config
import FieldIO
import HAL
import Logging
@testable import Runtime
import Testing

/// `[inputs.*]` conditioning reaches the loops: the PV a loop sees is the median-filtered one.
@Suite struct UnitInputConditioningTests {
    static let pv = PointReference(key: "do1.oxygen", imageKey: "do1.oxygen", unit: "mg/L", range: 0...20)
    static let output = PointReference(key: "vfd1.speed", imageKey: "vfd1.speed", unit: "%")

    /// The PV values the loop sees for one raw value a scan.
    func loopPVs(_ raw: [Double], conditioning: [String: InputConditioningConfig]) throws -> [Double?] {
        let pid = PIDLoopConfig(pv: Self.pv, output: Self.output, pid: PIDConfig(gain: 1, integralTime: 60, outputLimits: 0...100),
                                safeOutput: 0)
        var control = ControlConfig(loops: [LoopConfig(name: "fan", mode: .auto, setpoint: 2, setpointLimits: 0...20, kind: .pid(pid))])
        control.inputs = conditioning
        let clock = ManualClock()
        let image = PointImage()
        let engine = ScanEngine(program: try UnitProgram(control: control), period: .seconds(1), image: image, clock: clock,
                                logger: Logger(label: "floc.runtime.test"))
        return raw.map { value in
            clock.advance(by: .seconds(1))
            image.update([Self.pv.imageKey: PointSample(value: value, quality: .good, time: clock.now)])
            engine.runCycle(deadline: clock.now)
            return engine.snapshots.value?.program.loops.first?.pv
        }
    }

    @Test func aConfiguredMedianRemovesASpikeBeforeTheLoopSeesIt() throws {
        let raw = [2.0, 2, 2, 15, 2, 2]
        #expect(try loopPVs(raw, conditioning: [:]) == [2, 2, 2, 15, 2, 2], "unconditioned: the spike reaches the loop")
        #expect(try loopPVs(raw, conditioning: ["do1.oxygen": InputConditioningConfig(medianSamples: 3)]) == [2, 2, 2, 2, 2, 2])
    }

    @Test func theProgramDeclaresEachImageKeyOnceAndEveryOutputWithItsGuard() throws {
        let pid = PIDLoopConfig(pv: Self.pv, output: Self.output, pid: PIDConfig(gain: 1, integralTime: 60, outputLimits: 0...100),
                                safeOutput: 7)
        var control = ControlConfig(loops: [LoopConfig(name: "fan", mode: .auto, setpoint: 2, setpointLimits: 0...20, kind: .pid(pid))],
                                    alarms: [AlarmConfig(name: "do_low", trigger: .analog(point: Self.pv, limits: [(.l, 1)], deadband: 0),
                                                         priority: .low, message: "")])
        control.outputMaxAges = ["vfd1.speed": 2.5]
        let program = try UnitProgram(control: control)
        #expect(program.inputKeys == ["do1.oxygen"], "read by the loop and the alarm, in the frame once")
        #expect(program.outputGuards == [OutputGuard(key: "vfd1.speed", safe: 7, maxAge: .milliseconds(2500))])
    }
}
