import Config
import Emulator
import FlocTestSupport
import Foundation
import Plant
import Testing

/// The container plant as floc-sim builds it from the shipped scenario and plant file.
@Suite struct ContainerModelTests {
    static let scenarioPath = PeerProcess.packageRoot.appendingPathComponent("Simulator/Scenarios/sim-container.toml").path

    @Test func theShippedScenarioBuildsTheContainerPlantWithEveryBoundSignal() throws {
        let scenario = try ScenarioLoader.load(at: Self.scenarioPath, plantOverride: nil)
        let unit = try ConfigLoader.loadUnit(at: scenario.unitPath, boardsDirectory: scenario.boardsDirectory)
        let plant = try PlantModels().make(for: scenario, unit: unit)
        #expect(plant is ContainerPlant)
        #expect(ScenarioCheck.errors(scenario, unit: unit, plant: plant).isEmpty)
        plant.command("blower1.run_command", to: 1)
        plant.command("blower1.speed_command", to: 60)
        plant.advance(by: 120)
        let airflow = try #require(plant.value(of: "blower1.airflow"))
        #expect(airflow > 0, "a running blower blows")
        let saturation = try #require(plant.value(of: "basin.do_saturation"))
        #expect((0...200).contains(saturation))
    }

    @Test func aTypoInThePlantFileIsAnErrorWithItsLine() throws {
        let source = PeerProcess.packageRoot.appendingPathComponent("Simulator/plants/container.toml").path
        var lines = try PlantModels.modelText(of: source).split(separator: "\n", omittingEmptySubsequences: false)
        // A misspelt copy of the top-level `name`, right after it.
        let index = try #require(lines.firstIndex { $0.hasPrefix("name = ") })
        lines.insert("nmae = \"typo\"", at: index + 1)
        let text = lines.joined(separator: "\n")
        let errors = #expect(throws: ConfigErrors.self) {
            try TOMLDecoding.decode(ContainerPlantDescription.self, text: text, file: "container.toml")
        }
        #expect(errors?.description == "container.toml:\(index + 2): nmae: unknown key (did you mean 'name'?)")
    }
}
