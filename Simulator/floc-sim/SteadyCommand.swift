import ArgumentParser
import CommandLineSupport
import Config
import Cosim
import Plant

/// `floc-sim steady`: BSM1 on constant influent to steady state, open loop or with a unit.
struct SteadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady",
        abstract: "Run a BSM1 plant on constant influent to steady state (open loop, or with --unit in the loop).",
        discussion: "Prints the five reactors, the effluent and the settler underflow (ASM1 states and TSS, g/m3)."
    )

    @Argument(help: "The plant file, e.g. Simulator/plants/bsm1.toml.")
    var plant: String

    @Option(help: "A unit whose loops control the plant, e.g. Boards/units/bsm1-default.toml.")
    var unit: String?

    @Option(name: .customLong("settle-days"), help: "With --unit: days run in lock-step after the ideal steady state.")
    var settleDays: Double = 1

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let file = try loadOrExit { () throws(ConfigErrors) in try CosimPlantFile.load(plant) }
        guard file.plant.model == "bsm1" else {
            printError("floc-sim: steady runs BSM1 plants; \(plant) is '\(file.plant.model)'")
            throw ExitCode.failure
        }
        let wired = try unit.map { path in
            try loadOrExit { () throws(ConfigErrors) in
                WiredUnit(unit: try ConfigLoader.loadUnit(at: path), bindings: file.bindings, bindingsFile: file.path)
            }
        }
        let result = try BSM1Steady.run(unit: wired, settleDays: settleDays)
        if json {
            print(jsonText(["reactors": result.reactors.map(BSM1Steady.object), "effluent": BSM1Steady.object(result.effluent),
                            "underflow": BSM1Steady.object(result.underflow)] as [String: Any]))
            return
        }
        let names = ASM1Component.allCases.map(\.description) + ["TSS"]
        let columns = result.reactors.indices.map { "reactor\($0 + 1)" } + ["effluent", "underflow"]
        let streams = result.reactors + [result.effluent, result.underflow]
        print("state".padding(toLength: 8, withPad: " ", startingAt: 0) + columns.map { $0.leftPadded(11) }.joined())
        for name in names {
            let values = streams.map { BSM1Steady.object($0)[name] ?? .nan }
            print(name.padding(toLength: 8, withPad: " ", startingAt: 0) + values.map { String(format: "%.4f", $0).leftPadded(11) }.joined())
        }
    }
}

/// The loaded value, or every error printed as `file:line: key: message` and exit status 1.
func loadOrExit<T>(_ load: () throws(ConfigErrors) -> T) throws -> T {
    do { return try load() } catch {
        for problem in error.errors { printError(problem.description) }
        throw ExitCode.failure
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
