import ArgumentParser

/// `floc-sim`: the plant simulator that serves a unit's instruments over real Modbus.
@main
struct FlocSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floc-sim",
        abstract: "Serve a simulated plant's instruments as the unit's Modbus devices (TCP and RTU).",
        discussion: """
        A plant file (Simulator/plants/<name>.toml) says in its [emulator] tables which unit it is \
        instrumented as and how device points bind to plant signals; a scenario \
        (Simulator/Scenarios/<name>.toml) adds timed faults. `fault`, `plant` and `status` talk to a \
        serving floc-sim through its control socket. See docs/simulator.md.
        """,
        subcommands: [ServeCommand.self, CheckCommand.self, FaultCommand.self, PlantCommand.self, StatusCommand.self]
    )
}
