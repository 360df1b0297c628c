import ArgumentParser
import Config

/// `floc check`: load and validate a unit with its board and profiles, print a summary.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a unit file with its board and device profiles.",
        discussion: "Prints every error as file:line: key: message and exits 1, or prints a summary and exits 0."
    )

    @OptionGroup var options: UnitOptions

    func run() throws {
        _ = options.bootstrapLogging()
        let unit = try options.load()
        print(unit.summary)
    }
}
