import CommandLineSupport
import ArgumentParser
import Config
import Foundation
import Logging

/// What every subcommand takes: the unit file, where boards live, overrides and the log level.
struct UnitOptions: ParsableArguments {
    @Argument(help: "The unit file, e.g. Boards/units/village-rpi4.toml.")
    var unit: String

    @Option(name: .customLong("boards"), help: "Folder with <board>.toml and devices/ (default: the unit folder's parent).")
    var boards: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one value of the unit file, e.g. buses.plant.port=1502 (repeatable).",
                                                         valueName: "key=value"))
    var overrides: [String] = []

    @Option(name: .customLong("log-level"), help: "Least severe log messages printed to stderr.")
    var logLevel: Logger.Level = .info

    /// Loads the unit; on errors prints each as `file:line: key: message` to stderr, then the
    /// count, and exits 1.
    func load() throws -> UnitConfig {
        do {
            return try ConfigLoader.loadUnit(at: unit, boardsDirectory: boards, overrides: overrides)
        } catch {
            for line in error.errors { printError(line.description) }
            printError("\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")")
            throw ExitCode.failure
        }
    }

    /// The one logging bootstrap of the process: text to stderr at `--log-level`.
    func bootstrapLogging() -> Logger {
        bootstrapStandardErrorLogging(level: logLevel, label: "floc")
    }
}

/// Fails the command with `message` on stderr and exit status 1.
func fail(_ message: String) -> ExitCode {
    printError("floc: " + message)
    return ExitCode.failure
}
