import ArgumentParser

/// `floc`: check a unit's configuration, talk to its devices, and run it.
@main
struct Floc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floc",
        abstract: "Controller runtime for containerized wastewater treatment units.",
        discussion: """
        Hardware is data: a unit file (Boards/units/<name>.toml) names its board, buses, devices \
        and GPIO points. See docs/configuration.md.
        """,
        subcommands: [CheckCommand.self, ProbeCommand.self, WriteCommand.self, RunCommand.self, StatusCommand.self,
                      AttachConsoleCommand.self, UserCommand.self, ExportCommand.self]
    )

    /// `floc export` exits 2 on a bad argument (scripts tell it from a failed read, 1); the rest is ArgumentParser's.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.first == ExportCommand.configuration.commandName else { return main(nil) }
        ExportCommand.main(arguments: Array(arguments.dropFirst()))
    }
}
