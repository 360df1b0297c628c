import ArgumentParser

/// `floc-sim`: the plant simulator that serves a unit's instruments over real Modbus.
@main
struct FlocSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floc-sim",
        abstract: "Serve a simulated plant's instruments as the unit's Modbus devices (TCP and RTU).",
        discussion: """
        A scenario (Simulator/Scenarios/<name>.toml) names the unit, the plant model, how device points \
        bind to plant signals and the faults to inject. See docs/simulator.md.
        """,
        subcommands: [ServeCommand.self, CheckCommand.self, CosimCommand.self, SteadyCommand.self]
    )
}
