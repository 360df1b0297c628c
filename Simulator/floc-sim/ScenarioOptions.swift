import CommandLineSupport
import ArgumentParser
import Config
import Emulator
import Foundation
import Logging
import Plant

/// What both subcommands take: the plant or scenario file, the plant override, unit
/// overrides, log level.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A plant file with [emulator] (e.g. Simulator/plants/container.toml) or a scenario "
                                     + "(e.g. Simulator/Scenarios/faults-demo.toml).", valueName: "plant-or-scenario"))
    var scenario: String

    @Option(help: "Plant model instead of the scenario's [plant] model, e.g. table.")
    var plant: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one value of the unit file, e.g. buses.field.device=/tmp/x/rs485-0 (repeatable).",
                                                         valueName: "key=value"))
    var overrides: [String] = []

    @Option(name: .customLong("log-level"), help: "Least severe log messages printed to stderr.")
    var logLevel: Logger.Level = .info

    /// The scenario, its unit and its plant; on errors prints each as `file:line: key: message`
    /// to stderr, then the count, and exits 1.
    func load() throws -> (Scenario, UnitConfig, any InstrumentedPlant) {
        var errors: [ConfigError] = []
        var loaded: Scenario?
        do { loaded = try ScenarioLoader.load(at: scenario, plantOverride: plant) } catch { errors += error.errors }
        var unit: UnitConfig?
        if let loaded {
            do {
                unit = try ConfigLoader.loadUnit(at: loaded.unitPath, boardsDirectory: loaded.boardsDirectory, overrides: overrides)
            } catch { errors += error.errors }
        }
        var built: (any InstrumentedPlant)?
        if let loaded, let unit {
            do {
                built = try PlantModels().make(for: loaded, unit: unit)
            } catch let error as PlantModelError {
                errors.append(ConfigError(file: error.file, line: error.line, key: "plant.model", message: error.message))
            }
            errors += ScenarioCheck.errors(loaded, unit: unit, plant: built)
        }
        guard errors.isEmpty, let loaded, let unit, let built else {
            for error in errors { printError(error.description) }
            printError("\(errors.count) error\(errors.count == 1 ? "" : "s")")
            throw ExitCode.failure
        }
        return (loaded, unit, built)
    }

    /// The one logging bootstrap of the process: text to stderr at `--log-level`.
    func bootstrapLogging() -> Logger {
        bootstrapStandardErrorLogging(level: logLevel, label: "floc-sim")
    }
}

/// One line to stdout, unbuffered: a reader of a pipe (run-sim, a test) sees it at once.
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
