import ArgumentParser
import CommandLineSupport
import Config
import Cosim
import Foundation
import Plant

/// `floc-sim cosim`: Floc's unit program in lock-step with a plant model on a manual clock.
struct CosimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosim",
        abstract: "Run a unit's real control program in lock-step with a plant model (BSM1 protocol, or a scenario).",
        discussion: """
        With a BSM1 plant and --influent, follows the benchmark's protocol: steady state on constant influent, \
        the dynamic file twice, evaluation of days 7-14 of the second pass (--days N: N days of the file, the \
        second half evaluated). --scenario runs a scenario file and checks its expectations (exit 1 when one fails).
        """
    )

    @Argument(help: "The plant file, e.g. Simulator/plants/bsm1.toml (not with --scenario).")
    var plant: String?

    @Argument(help: "The unit file, e.g. Boards/units/bsm1-default.toml (not with --scenario; default: the plant file's [emulator] unit).")
    var unit: String?

    @Option(help: "A scenario file (Simulator/Scenarios/cosim-*.toml): plant, unit, faults, expectations.")
    var scenario: String?

    @Option(help: "BSM1 dynamic influent CSV, e.g. ../shared/bsm1/bsm1_dryinfluent.csv.")
    var influent: String?

    @Option(help: "BSM1 sensor noise CSV (default: bsm1_sensornoise_cols1-2.csv beside the influent; 'none' for none).")
    var noise: String?

    @Option(help: "Run this many days instead of the protocol (BSM1: of the influent file, second half evaluated).")
    var days: Double?

    @Flag(help: "Print the evaluation as JSON.")
    var json = false

    @Option(help: "Write the trends as CSV into this folder.")
    var csv: String?

    @Option(help: "Write an HTML report with plots to this file.")
    var html: String?

    @Flag(help: "Soak (container plant): --days whole days (default 30) with a daily fault schedule, the telemetry queue and retained state on disk; prints this process's RSS, descriptors and threads every simulated day; exit 1 unless flat.")
    var soak = false

    @Option(help: "Soak: also write the daily table as CSV to this file.")
    var resources: String?

    @Option(help: "Soak: RSS growth after day 1 still counted as flat, KiB per simulated day.")
    var rssBound: Double = 64

    @Option(help: "Soak: simulated hours of one soak day, the fault schedule scaled to it (short runs).")
    var dayHours: Double = 24

    @Option(help: "Soak: records the telemetry queue holds.")
    var queueBound: Int = 100

    func validate() throws {
        if scenario == nil, plant == nil { throw ValidationError("give <plant> [<unit>], or --scenario <file>") }
        if scenario != nil, plant != nil { throw ValidationError("--scenario names its own plant and unit") }
        if let days, !(days > 0) { throw ValidationError("--days must be positive") }
        if soak, scenario != nil { throw ValidationError("--soak runs <plant> <unit>, not a scenario") }
        if soak, let days, days.rounded() != days { throw ValidationError("--soak runs whole days") }
        if !(1...24).contains(dayHours) { throw ValidationError("--day-hours must be 1...24") }
        if !(10...1_000_000).contains(queueBound) { throw ValidationError("--queue-bound must be 10...1000000") }
    }

    func run() throws {
        do { try runChecked() } catch let errors as ConfigErrors {
            for problem in errors.errors { printError(problem.description) }
            throw ExitCode.failure
        }
    }

    private func runChecked() throws {
        if let scenario {
            let file = try loadOrExit { () throws(ConfigErrors) in try CosimScenario.load(scenario) }
            var runner = try loadOrExit { () throws(ConfigErrors) in try CosimRunner(scenario: file) }
            if noise != nil || influent != nil { runner.noise = try noiseSeries() }
            let result = try runner.run()
            try emit(result.evaluation, text: result.text, trends: result.trends,
                     title: "Scenario \(file.scenario.name)", subtitle: file.scenario.description ?? "")
            if !result.passed { throw ExitCode.failure }
            return
        }
        let plantFile = try loadOrExit { () throws(ConfigErrors) in try CosimPlantFile.load(plant!) }
        guard let unitPath = unit ?? plantFile.unitPath else {
            printError("floc-sim: \(plant!) names no unit ([emulator] unit): give <plant> <unit>")
            throw ExitCode.failure
        }
        let wired = try loadOrExit { () throws(ConfigErrors) in
            WiredUnit(unit: try ConfigLoader.loadUnit(at: unitPath, boardsDirectory: unit == nil ? plantFile.boardsDirectory : nil),
                      bindings: plantFile.bindings, bindingsFile: plantFile.path)
        }
        if soak { return try runSoak(plantFile, wired) }
        if plantFile.plant.model == "bsm1", let influent {
            var series = try readSeries(influent)
            var run = BSM1CosimProtocol(unit: wired, influent: series, noise: try noiseSeries())
            if let days {
                let count = Int((days * 86_400 / (series.sampleInterval * 86_400)).rounded())
                series = ZeroOrderHoldSeries(times: (0..<count).map { Double($0) * series.sampleInterval },
                                             rows: (0..<count).map { series.rows[$0 % series.count] })
                run.influent = series
                run.passes = 1
            }
            run.tolerance = plantFile.plant.tolerance ?? 1e-6
            let result = try run.run()
            try emit(result.evaluation, text: result.text, trends: result.trends, title: "BSM1 with \(wired.unit.name)",
                     subtitle: "\((influent as NSString).lastPathComponent), \(days.map { "\($0) days" } ?? "benchmark protocol")")
            return
        }
        var runner = CosimRunner(plantFile: plantFile, unit: wired, duration: (days ?? 1) * 86_400)
        runner.noise = try noiseSeries()
        let result = try runner.run()
        try emit(result.evaluation, text: result.text, trends: result.trends, title: "\(plantFile.name) with \(wired.unit.name)",
                 subtitle: String(format: "%.2f days, constant influent", (days ?? 1)))
    }

    private func runSoak(_ plantFile: CosimPlantFile, _ wired: WiredUnit) throws {
        guard plantFile.plant.model == "container" else {
            printError("floc-sim: --soak needs the container plant (its fault schedule names container signals)")
            throw ExitCode.failure
        }
        let folder = NSTemporaryDirectory() + "floc-soak-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var run = CosimSoak(plantFile: plantFile, unit: wired, days: Int(days ?? 30))
        run.folder = folder
        run.schedule.dayLength = dayHours * 3600
        run.queueBound = queueBound
        print("soak: \(run.days) days of \(wired.unit.name) on \(plantFile.name); faults every day: \(run.schedule.summary)")
        print("soak: days of \(dayHours) h; telemetry sampled every \(Int(run.sampleInterval)) s of plant time into "
              + "\(folder)/telemetry.db (\(queueBound) records, drop-oldest), retained state into state.db")
        var printedHeader = false
        let result = try run.run { day in
            if !printedHeader { printLine(SoakResult.line(SoakResult.header)); printedHeader = true }
            printLine(SoakResult.line(SoakResult.row(day)))
        }
        print(result.verdict(rssBoundKiBPerDay: rssBound))
        if let resources { try result.csv.write(toFile: resources, atomically: true, encoding: .utf8) }
        if !result.isFlat(rssBoundKiBPerDay: rssBound) { throw ExitCode.failure }
    }

    private func readSeries(_ path: String) throws -> ZeroOrderHoldSeries {
        do { return try ZeroOrderHoldSeries(contentsOf: path) } catch {
            printError("floc-sim: \(path): \(error)")
            throw ExitCode.failure
        }
    }

    private func noiseSeries() throws -> ZeroOrderHoldSeries? {
        if noise == "none" { return nil }
        if let noise { return try readSeries(noise) }
        guard let influent else { return nil }
        let beside = ((influent as NSString).deletingLastPathComponent as NSString).appendingPathComponent("bsm1_sensornoise_cols1-2.csv")
        return FileManager.default.fileExists(atPath: beside) ? try readSeries(beside) : nil
    }

    private func emit(_ evaluation: [String: Any], text: String, trends: Trends, title: String, subtitle: String) throws {
        print(json ? jsonText(evaluation) : text)
        if let csv {
            try FileManager.default.createDirectory(atPath: csv, withIntermediateDirectories: true)
            try trends.csv.write(toFile: (csv as NSString).appendingPathComponent("trends.csv"), atomically: true, encoding: .utf8)
        }
        if let html {
            let summary = evaluation.keys.sorted().compactMap { key -> (String, String)? in
                guard let value = evaluation[key] as? Double else { return nil }
                return (key, String(format: abs(value) >= 100 ? "%.1f" : "%.4g", value))
            } + ((evaluation["expectations"] as? [[String: Any]]) ?? []).map {
                (($0["passed"] as? Bool) == true ? "PASS" : "FAIL", "\($0["expect"] ?? ""): \($0["detail"] ?? "")")
            }
            try HTMLReport(title: title, subtitle: subtitle, summary: summary, trends: trends).html
                .write(toFile: html, atomically: true, encoding: .utf8)
        }
    }
}
