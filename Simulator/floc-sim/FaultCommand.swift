import ArgumentParser

/// `floc-sim fault add|clear|list`: faults of a serving floc-sim, through its control socket.
struct FaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Inject, clear or list faults in a serving floc-sim.",
        discussion: """
        Kinds: silent, slow (delay_ms=), noise (rate=), exception (code= table= addresses=<first>-<last>) \
        on a device; stuck, drift (offset= drift_per_hour=), dead (value=), bit-flip (mask=) on a \
        device.point; trip <blower>, pump-failure <pump> in the plant. --for is in simulated seconds. \
        See docs/simulator.md.
        """,
        subcommands: [Add.self, Clear.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a fault now, e.g. `floc-sim fault add slow level1 delay_ms=800 --for 60`.")

        @Argument(help: "silent, slow, noise, exception, stuck, drift, dead, bit-flip, trip, pump-failure")
        var kind: String

        @Argument(help: ArgumentHelp("The device, device.point, or the plant's equipment (blower1, dosing.acid_pump).",
                                     valueName: "target"))
        var target: String

        @Argument(help: ArgumentHelp("The kind's parameters, e.g. delay_ms=800 or code=6.", valueName: "key=value"))
        var parameters: [String] = []

        @Option(name: .customLong("for"), help: "End the fault after this many simulated seconds (default: until cleared).")
        var seconds: Double?

        @OptionGroup var control: ControlSocketOption

        func run() throws {
            try control.send((["fault", "add", kind, target] + parameters + (seconds.map { ["--for", "\($0)"] } ?? []))
                .joined(separator: " "))
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an injected fault by id, or all of them.")

        @Argument(help: ArgumentHelp("The id from `fault list`, or all.", valueName: "id|all"))
        var id: String

        @OptionGroup var control: ControlSocketOption

        func run() throws { try control.send("fault clear \(id)") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The injected faults still acting, with their ids.")

        @OptionGroup var control: ControlSocketOption

        func run() throws { try control.send("fault list") }
    }
}
