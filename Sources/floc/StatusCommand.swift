import CommandLineSupport
import ArgumentParser
import Foundation

/// `floc status`: the latest snapshot of a running `floc run`, from its status file.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the latest status of the running floc (loops, alarms, points, scan timing)."
    )

    @Option(name: .customLong("status-file"), help: "The file `floc run --status-file` writes (default: where floc run writes it).")
    var statusFile: String?

    @Flag(help: "Print the snapshot as JSON.")
    var json = false

    func run() throws {
        let path = statusFile ?? StatusWriter.defaultPath()
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONDecoder().decode(StatusDocument.self, from: data) else {
            printError("floc status: no status at \(path): is `floc run` running (with --status-file \(path))?")
            throw ExitCode.failure
        }
        let age = Date().timeIntervalSince1970 - Double(document.written_ms) / 1000
        if age > 5 { printError(String(format: "floc status: the status is %.0f s old: floc may be stopped or stalled", age)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
            return
        }
        print("unit \(document.unit)")
        var loops = TextTable("loop", "mode", "sp", "pv", "out", "note")
        for loop in document.loops {
            loops.add([loop.name, loop.mode, PointFormat.number(loop.sp), loop.pv.map(PointFormat.number) ?? "-",
                       PointFormat.number(loop.out), loop.safe_because.map { "safe: \($0)" } ?? ""])
        }
        if !document.loops.isEmpty { print(loops.rendered) }
        let active = document.alarms.filter { $0.state != "normal" }
        print(active.isEmpty ? "alarms: none" : "alarms:")
        for alarm in active { print("  \(alarm.name) \(alarm.priority) \(alarm.state) \(alarm.message)") }
        let bad = document.points.filter { $0.quality != "good" }
        print("points: \(document.points.count), not good: \(bad.count)")
        for point in bad { print("  \(point.name): \(point.quality)") }
        if let cycle = document.cycle {
            print(String(format: "scan: %.0f ms period, %llu cycles, lateness p50 %.0f µs p99 %.0f µs max %.0f µs, %llu overruns",
                         cycle.period_ms, cycle.cycles, cycle.p50_lateness_us, cycle.p99_lateness_us, cycle.max_lateness_us,
                         cycle.overruns))
        }
    }
}
