import ArgumentParser

/// `floc-bench`: numbers for Floc's real-time paths, each side by side with its floor.
@main
struct FlocBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floc-bench",
        abstract: "Benchmarks: Modbus polling against libmodbus alone; scan timing against a bare sleep loop; login hashing; the historian.",
        discussion: "Run in release mode: swift build -c release --product floc-bench",
        subcommands: [ModbusBench.self, ScanBench.self, DrainBench.self, LoginBench.self, HistorianBench.self],
        defaultSubcommand: ModbusBench.self
    )
}
