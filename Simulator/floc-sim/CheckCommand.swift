import ArgumentParser

/// `floc-sim check`: validate a scenario, its unit and its bindings without serving.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a scenario: its keys, its unit, its plant model, every binding and fault.",
        discussion: "Errors are printed as file:line: key: message; exits 1 when there is any."
    )

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        let (scenario, unit, plant) = try options.load()
        print("\(scenario.file): ok: unit \(unit.name), plant model '\(scenario.plant.model)' "
            + "(\(plant.signals.count) signals), \(scenario.bindings.count) bindings, "
            + "\(scenario.constants.count) constants, \(scenario.faults.count) faults")
    }
}
