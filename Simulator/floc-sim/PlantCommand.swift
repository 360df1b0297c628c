import ArgumentParser

/// `floc-sim plant get|set|list` and `floc-sim status`: the plant of a serving floc-sim,
/// through its control socket.
struct PlantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plant",
        abstract: "Read or set a signal of the plant a floc-sim serves.",
        discussion: """
        A table plant takes any signal; a physical model (container) only its commanded signals, \
        because it computes what it measures.
        """,
        subcommands: [Get.self, Set.self, List.self]
    )

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a signal's value, e.g. `floc-sim plant get basin.do`.")
        @Argument(help: "A signal name, e.g. basin.do.") var signal: String
        @OptionGroup var control: ControlSocketOption
        func run() throws { try control.send("plant get \(signal)") }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a signal, e.g. `floc-sim plant set blower1.run_command 0`.")
        @Argument(help: "A signal name.") var signal: String
        // Unrecognized-argument parsing, so a negative value is not taken for an option.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The value, in the signal's unit.", valueName: "value"))
        var value: [String] = []
        @OptionGroup var control: ControlSocketOption
        func validate() throws {
            guard value.count == 1, Double(value[0]) != nil else { throw ValidationError("give one number: plant set <signal> <value>") }
        }
        func run() throws { try control.send("plant set \(signal) \(value[0])") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every signal with its direction and unit.")
        @OptionGroup var control: ControlSocketOption
        func run() throws { try control.send("plant list") }
    }
}

/// `floc-sim status`: simulated time and active faults of a serving floc-sim.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Simulated time, plant model and faults of a serving floc-sim.")
    @OptionGroup var control: ControlSocketOption
    func run() throws { try control.send("status") }
}
