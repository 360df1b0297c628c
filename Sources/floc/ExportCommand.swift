import ArgumentParser
import CommandLineSupport
import Config
import Foundation
import Historian

/// `floc export --csv`: the local history as CSV on stdout, read-only, also while `floc run` writes.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the local history as CSV (times ISO 8601 UTC with ms).",
        usage: """
            floc export --csv (--unit <unit.toml> [--boards <dir>] [--set <key=value>...] | --db <path>)
                        [--from <time>] [--to <time>] [--points <a,b*>] [--resolution raw|rollup|auto] [--wide]
            """,
        discussion: """
        The database is the unit's [historian] path (--unit) or a file (--db). Long format by default, one row per \
        value: `time,series,value,quality` (raw) or `time,series,avg,min,max,count,quality` (rollup); --wide prints \
        `time,<series>...`, one row per time (values, or rollup averages). --from/--to take ISO 8601 \
        (2026-11-22T08:00:00Z, 2026-11-22), `now` or an offset before now (--from=-2h: with `=`, as it starts with a dash); the range is \
        [from, to). --resolution auto reads raw up to 6 h, rollups beyond. Bad arguments exit 2.
        """
    )

    @Flag(help: "CSV output (the only format; required).")
    var csv = false

    @Option(help: "The unit file: export its [historian] database.")
    var unit: String?

    @Option(name: .customLong("boards"), help: "With --unit: the folder with <board>.toml and devices/.")
    var boards: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("With --unit: override one value of the unit file (repeatable).",
                                                         valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "The history database file (instead of --unit).")
    var db: String?

    @Option(help: "Start of the range (inclusive): ISO 8601, now, or -90s/-30m/-2h/-7d.")
    var from = "-1h"

    @Option(help: "End of the range (exclusive).")
    var to = "now"

    @Option(help: "Comma-separated series names or globs (default: every series).")
    var points: String?

    @Option(help: "raw, rollup, or auto (raw up to 6 h).")
    var resolution = "auto"

    @Flag(help: "One column per series instead of one row per value.")
    var wide = false

    /// Parses and runs `floc export`; a bad argument prints why and exits 2 (not ArgumentParser's 64).
    static func main(arguments: [String]) -> Never {
        do {
            let command = try parse(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() throws {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        guard csv else { throw Self.usage("--csv is required (CSV is the only format)") }
        guard let start = HistoryTime.parse(from, now: now) else { throw Self.usage("--from: cannot read '\(from)'") }
        guard let end = HistoryTime.parse(to, now: now) else { throw Self.usage("--to: cannot read '\(to)'") }
        guard start < end else { throw Self.usage("--from must be before --to") }
        guard let wanted = HistoryResolution(rawValue: resolution) else {
            throw Self.usage("--resolution: '\(resolution)' is not raw, rollup or auto")
        }
        let path = try databasePath()
        let reader: HistoryReader
        do { reader = try HistoryReader(path: path) } catch { throw Self.failure("\(error)") }
        let patterns = points?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        let known: [String]
        do { known = try reader.seriesNames() } catch { throw Self.failure("\(error)") }
        for pattern in patterns where !known.contains(where: { HistorianConfig.glob(pattern, matches: $0) }) {
            throw Self.usage("--points: '\(pattern)' matches no recorded series (\(known.prefix(8).joined(separator: ", ")))")
        }
        let selected = known.filter { name in patterns.isEmpty || patterns.contains { HistorianConfig.glob($0, matches: name) } }
        let table: CSVExport
        do {
            table = try CSVExport(reader: reader, series: selected, from: start, to: end,
                                  resolution: wanted.resolved(span: end - start))
        } catch {
            throw Self.failure("\(error)")
        }
        let output = FileHandle.standardOutput
        for chunk in wide ? table.wideLines() : table.longLines() { output.write(Data((chunk + "\n").utf8)) }
    }

    private func databasePath() throws -> String {
        switch (unit, db) {
        case (nil, nil): throw Self.usage("give --unit <unit.toml> or --db <path>")
        case (.some, .some): throw Self.usage("give either --unit or --db, not both")
        case (nil, .some(let path)): return path
        case (.some(let file), nil):
            do {
                return try ConfigLoader.loadUnit(at: file, boardsDirectory: boards, overrides: overrides).historian.path
            } catch {
                for line in error.errors { printError(line.description) }
                throw ExitCode(2)
            }
        }
    }

    private static func usage(_ message: String) -> ExitCode {
        printError("floc export: \(message)")
        return ExitCode(2)
    }

    private static func failure(_ message: String) -> ExitCode {
        printError("floc export: \(message)")
        return ExitCode.failure
    }
}
