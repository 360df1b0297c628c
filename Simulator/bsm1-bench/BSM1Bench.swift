import ArgumentParser
import Benchmark
import Foundation
import Plant

/// Runs the BSM1 dynamic protocol and prints the performance criteria and the wall time.
@main
struct BSM1Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bsm1-bench",
        abstract: "BSM1 dynamic protocol: steady state, the 14-day influent twice, criteria of days 7-14.")

    enum Weather: String, ExpressibleByArgument, CaseIterable { case dry, rain, storm }

    @Option(help: "Dynamic influent file: dry, rain or storm.")
    var influent: Weather = .dry

    @Flag(help: "Control strategy (default: closed loop, BSM1's DO and nitrate PI loops).")
    var strategy: StrategyFlag = .closedLoop

    @Option(help: "Folder with the BSM1 data files (bsm1_<weather>influent.csv, bsm1_sensornoise_cols1-2.csv).")
    var data = "../shared/bsm1"

    @Option(help: "Relative and absolute tolerance of the integrator (default: the protocol's).")
    var tolerance: Double?

    @Option(help: "Relative and absolute tolerance of the --reference run (default: the same as this run's).")
    var referenceTolerance: Double?

    enum StrategyFlag: String, EnumerableFlag {
        case openLoop, closedLoop
    }

    @Flag(help: "Also run the reference path (dense Jacobian by columns, dense LU, --reference-tolerance) in the same process and compare.")
    var reference = false

    @Option(help: "Use only the first N influent samples of each pass (a shorter, non-standard run).")
    var samples: Int?

    func run() throws {
        let folder = URL(fileURLWithPath: data)
        var series = try ZeroOrderHoldSeries(contentsOf: folder.appendingPathComponent("bsm1_\(influent.rawValue)influent.csv").path)
        if let samples { series = ZeroOrderHoldSeries(times: Array(series.times.prefix(samples)), rows: Array(series.rows.prefix(samples))) }
        let noise = try ZeroOrderHoldSeries(contentsOf: folder.appendingPathComponent("bsm1_sensornoise_cols1-2.csv").path)
        var run = BSM1Protocol(strategy: strategy == .openLoop ? .openLoop : .closedLoop, influent: series, noise: noise)
        if let tolerance {
            run.relativeTolerance = tolerance
            run.absoluteTolerance = tolerance
        }
        let result = try run.run()
        print("influent: \(influent.rawValue) weather, integrator tolerance \(run.relativeTolerance)")
        print(result.report)
        if reference {
            run.usesJacobianStructure = false
            if let referenceTolerance {
                run.relativeTolerance = referenceTolerance
                run.absoluteTolerance = referenceTolerance
            }
            let referenceResult = try run.run()
            print("reference run at tolerance \(run.relativeTolerance):")
            print(result.comparison(with: referenceResult))
        }
    }
}
