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
                      AttachConsoleCommand.self, UserCommand.self]
    )
}
