import Config
import Control
@testable import Cosim
import Plant
import Runtime
import Testing

/// The lock-step loop on a plant whose signals are set by hand: faults as the scan sees them,
/// outputs reaching the plant, operator commands through the program's checks.
@Suite struct CoSimulationTests {
    let plant = SignalTable(
        measured: ["basin.do": 2, "basin.temperature": 15, "basin.ph": 7.2, "basin.level": 2.4, "blower1.running": 1,
                   "blower1.fault": 0, "blower1.speed": 50, "blower1.airflow": 30, "basin.do_saturation": 20,
                   "basin.orp": 50, "blower1.power": 0.8, "blower1.energy": 100],
        commanded: ["blower1.run_command", "blower1.speed_command", "blower1.fault_reset", "dosing.acid_pump",
                    "dosing.caustic_pump", "panel.estop"])

    func simulation(_ faults: [InstrumentFault]) throws -> CoSimulation {
        let file = try CosimPlantFile.load(RepositoryFiles.path("Simulator/plants/container.toml"))
        let unit = try ConfigLoader.loadUnit(at: RepositoryFiles.path("Boards/units/simulator.toml"))
        let cosim = try CoSimulation(unit: unit, plant: plant,
                                     wiring: WiredUnit(unit: unit, bindings: file.bindings, bindingsFile: file.path).wiring(for: plant))
        cosim.faults = faults
        return cosim
    }

    func input(_ cosim: CoSimulation, _ key: String) -> InputStatus? { cosim.snapshot.inputs.first { $0.key == key } }

    @Test func frozenHoldsTheValueFromTheFaultsStartAndReleasesAfter() throws {
        let cosim = try simulation([InstrumentFault(kind: "frozen", point: "do1.oxygen", start: 1, end: 3)])
        cosim.run(seconds: 1)                       // scans at 0 and 0.5 s
        plant.values["basin.do"] = 2.2
        cosim.step()                                // t = 1: frozen at 2.2
        plant.values["basin.do"] = 3.0
        cosim.run(seconds: 1.5)
        #expect(input(cosim, "do1.oxygen")?.value == 2.2)
        cosim.run(seconds: 1)                       // past end_s
        #expect(input(cosim, "do1.oxygen")?.value == 3.0)
    }

    @Test func offsetAddsItsDrift() throws {
        let cosim = try simulation([InstrumentFault(kind: "offset", point: "ph1.ph", start: 0, offset: 0.5, driftPerHour: 3600)])
        cosim.run(seconds: 2)                       // last scan at t = 1.5 s: 0.5 + 1.5 pH of drift
        #expect(abs((input(cosim, "ph1.ph")?.value ?? 0) - 9.2) < 1e-9)
    }

    @Test func deadDeviceIsBadAndTheBlowerGoesToItsBadDOSpeedAfterTheDelay() throws {
        let cosim = try simulation([InstrumentFault(kind: "dead", point: "do1", start: 10)])
        cosim.run(seconds: 10)
        #expect(input(cosim, "do1.oxygen")?.quality == .good)
        cosim.step()
        #expect(input(cosim, "do1.oxygen")?.quality == .bad)
        cosim.run(seconds: 61)                      // bad_do_delay_s = 60 in simulator.toml
        #expect(cosim.outputs["blower1.speed_reference"] == 60)
        #expect(plant.values["blower1.speed_command"] == 60)
        #expect(plant.values["blower1.run_command"] == 1)
    }

    @Test func commandsGoThroughTheProgramsChecks() throws {
        let cosim = try simulation([])
        #expect(cosim.command(.setSetpoint(loop: "aeration1", value: 3)).isAccepted)
        #expect(!cosim.command(.setSetpoint(loop: "aeration1", value: 9)).isAccepted)   // setpoint_max 4
        cosim.step()
        #expect(cosim.value(of: "loop:aeration1.sp") == 3)
        #expect(cosim.value(of: "alarm:blower_fault") == 0)
        plant.values["blower1.fault"] = 1
        cosim.step()
        #expect(cosim.value(of: "alarm:blower_fault") == 1)
    }
}
