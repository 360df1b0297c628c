import Config
import Control
import FieldIO
import HAL
import Logging
import Testing
@testable import Runtime

/// Relay autotune of a PID loop on the scan, against a first-order plant with dead time stepped
/// with the scans: started by an engineer only, it oscillates, proposes gains, hands the loop back.
@Suite struct AutotuneTests {
    final class Plant {
        static let pv = PointReference(key: "t1.pv", imageKey: "t1.pv", unit: "m", range: 0...10)
        static let output = PointReference(key: "pump1.speed", imageKey: "pump1.speed", unit: "%", range: 0...100)
        let clock = ManualClock()
        let image = PointImage()
        let engine: ScanEngine<UnitProgram>
        /// Plant state: PV, and the outputs of the last `delay` scans.
        var value = 5.0
        var delayed: [Double] = Array(repeating: 50, count: 5)
        /// A load change, m at steady state.
        var disturbance = 0.0
        static let engineer = CommandSource(name: "console:erik", role: .engineer)
        static let operatorAna = CommandSource(name: "console:ana", role: .operator_)

        init() throws {
            let loop = LoopConfig(name: "pid1", mode: .manual, setpoint: 5, setpointLimits: 2...8, manualOutput: 50,
                                  kind: .pid(PIDLoopConfig(pv: Self.pv, output: Self.output,
                                                           pid: PIDConfig(gain: 5, integralTime: 100, outputLimits: 0...100),
                                                           safeOutput: 0)))
            engine = ScanEngine(program: try UnitProgram(control: ControlConfig(loops: [loop])), period: .seconds(1),
                                image: image, clock: clock, logger: Logger(label: "floc.test"))
        }

        /// One second: the plant (gain 0.1 m per %, lag 20 s, dead time 5 s) moves, then one scan.
        func step() {
            let applied = delayed.removeFirst()
            delayed.append(image.desired(Self.output.imageKey) ?? 50)
            value += (0.1 * applied + disturbance - value) / 20
            clock.advance(by: .seconds(1))
            image.update([Self.pv.imageKey: PointSample(value: value, quality: .good, time: clock.now)])
            engine.runCycle(deadline: clock.now)
        }

        func command(_ command: UnitCommand, from source: CommandSource = engineer) -> CommandResult? {
            let ticket = engine.commands.submit(command, from: source)
            step()
            return ticket.result
        }

        var loop: LoopStatus? { engine.snapshots.value?.program.loop("pid1") }
    }

    @Test func anAutotuneFindsTheUltimatePointAndItsGainsCanBeApplied() throws {
        let plant = try Plant()
        for _ in 0..<20 { plant.step() }
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10), from: Plant.operatorAna)
            == .rejected("console:ana (operator_) may not autotune pid1"))
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10))?.isAccepted == true)
        #expect(plant.loop?.autotune?.hasPrefix("running by console:erik") == true, "\(String(describing: plant.loop))")
        var seen: Set<Double> = []
        for _ in 0..<1000 where plant.loop?.autotune?.hasPrefix("running") == true {
            plant.step()
            seen.insert(plant.image.desired(Plant.output.imageKey) ?? .nan)
        }
        #expect(seen.isSuperset(of: [40, 60]), "the relay drives the output ± 10 around 50: \(seen)")
        let line = try #require(plant.loop?.autotune)
        #expect(line.hasPrefix("finished: Ku ") && line.hasSuffix("(autotune <loop> accept)"), "\(line)")
        #expect(plant.loop?.mode == .manual, "back in the mode it had")
        plant.step()
        #expect(plant.image.desired(Plant.output.imageKey) == 50, "back at the relay's centre output")
        let accepted = plant.command(.acceptAutotune(loop: "pid1"))
        guard case .accepted(let text)? = accepted else { Issue.record("\(String(describing: accepted))"); return }
        #expect(text.hasPrefix("pid1 gains applied: gain "))
        #expect(plant.loop?.autotune == nil)
        #expect(plant.command(.acceptAutotune(loop: "pid1")) == .rejected("pid1 has no finished autotune to accept"))
    }

    @Test func abortingAndChangingTheModeHandTheLoopBack() throws {
        let plant = try Plant()
        _ = plant.command(.setMode(loop: "pid1", mode: .auto), from: Plant.operatorAna)
        for _ in 0..<20 { plant.step() }
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10))?.isAccepted == true)
        #expect(plant.loop?.mode == .manual)
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10)) == .rejected("pid1 is autotuning already"))
        #expect(plant.command(.abortAutotune(loop: "pid1")) == .accepted("pid1 autotune aborted; back in auto"))
        #expect(plant.loop?.mode == .auto)
        #expect(plant.loop?.autotune == "aborted: stopped")
        // An operator switching the loop's mode ends the experiment too.
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10))?.isAccepted == true)
        _ = plant.command(.setMode(loop: "pid1", mode: .oos), from: Plant.operatorAna)
        #expect(plant.loop?.autotune == "aborted: stopped")
        #expect(plant.loop?.mode == .oos)
    }

    @Test func aPVLeavingTheSetpointLimitsAborts() throws {
        let plant = try Plant()
        for _ in 0..<20 { plant.step() }
        #expect(plant.command(.startAutotune(loop: "pid1", amplitude: 10))?.isAccepted == true)
        // A load change pushes the PV past the 2...8 m setpoint limits, whatever the relay does.
        plant.disturbance = 6
        for _ in 0..<300 where plant.loop?.autotune?.hasPrefix("running") == true { plant.step() }
        #expect(plant.loop?.autotune?.hasPrefix("aborted: PV ") == true, "\(String(describing: plant.loop?.autotune))")
        #expect(plant.loop?.autotune?.hasSuffix(" left the setpoint limits") == true)
        #expect(plant.loop?.mode == .manual)
    }
}
