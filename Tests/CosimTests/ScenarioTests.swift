import Cosim
import Foundation
import Testing

/// Every co-simulation scenario in Simulator/Scenarios runs and meets its expectations.
@Suite struct ScenarioTests {
    @Test func thereAreScenariosToRun() {
        #expect(RepositoryFiles.scenariosWithExpectations.count >= 3)
    }

    @Test(arguments: RepositoryFiles.scenariosWithExpectations)
    func scenarioMeetsItsExpectations(_ name: String) throws {
        let scenario = try CosimScenario.load(RepositoryFiles.path("Simulator/Scenarios/" + name))
        let result = try CosimRunner(scenario: scenario).run()
        print("\(name): \(result.text)")
        #expect(!result.expectations.isEmpty)
        for outcome in result.expectations {
            #expect(outcome.passed, "\(name): \(outcome.expectation.summary): \(outcome.detail)")
        }
        #expect(result.unwiredOutputs.isEmpty, "outputs without a plant signal: \(result.unwiredOutputs)")
    }
}
