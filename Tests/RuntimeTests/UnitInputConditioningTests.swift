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

    @Test func instrumentPointsAreInTheFrameAndAHoldReplacesTheConditionedValue() throws {
        let ph = PointReference(key: "ph1.ph", imageKey: "ph1.ph", unit: "pH", range: 0...14)
        let temperature = PointReference(key: "ph1.temperature", imageKey: "ph1.temperature", unit: "°C", range: -10...60)
        let instrument = InstrumentConfig(point: ph, calibration: .ph, temperature: temperature)
        var inputs = UnitInputs([Self.pv], conditioning: ["ph1.ph": InputConditioningConfig(medianSamples: 3)],
                                instruments: [instrument])
        #expect(inputs.imageKeys == ["do1.oxygen", "ph1.ph", "ph1.temperature"], "an instrument and its temperature are read")
        var frame = ScanFrame(inputKeys: inputs.imageKeys, outputKeys: [])
        var time = 0.0
        func scan(_ value: Double) {
            time += 1
            frame.inputs[1] = PointSample(value: value, quality: .good, time: MonotonicInstant(nanoseconds: UInt64(time * 1e9)))
            inputs.update(frame, now: time)
        }
        for value in [7.0, 7, 12] { scan(value) }
        #expect(inputs.sample(ph).value == 7, "the median removed the spike")
        #expect(inputs.hold("ph1.ph", value: nil, by: "tech", at: time) == nil)
        scan(9)
        scan(9)
        let status = try #require(inputs.status.first { $0.key == "ph1.ph" })
        #expect(status.value == 7 && status.quality == .uncertain && status.held && status.reasons == ["held"])
    }
}
