import Benchmark
import Config
import Cosim
import Foundation
import Plant
import Testing

/// Floc's unit program (Boards/units/bsm1-default.toml) against bsm1-bench's built-in PI loops on
/// the same plant, influent and noise. The full protocol (28 days) is too slow for CI in a debug
/// build: half a day of dry weather, its second half evaluated, tolerance 1e-4 for both.
@Suite struct BSM1ComparisonTests {
    static func day() throws -> (influent: ZeroOrderHoldSeries, noise: ZeroOrderHoldSeries) {
        let full = try ZeroOrderHoldSeries(contentsOf: RepositoryFiles.bsm1Data("bsm1_dryinfluent.csv"))
        let noise = try ZeroOrderHoldSeries(contentsOf: RepositoryFiles.bsm1Data("bsm1_sensornoise_cols1-2.csv"))
        return (ZeroOrderHoldSeries(times: Array(full.times.prefix(48)), rows: Array(full.rows.prefix(48))), noise)
    }

    static func wiredUnit() throws -> WiredUnit {
        let plant = try CosimPlantFile.load(RepositoryFiles.path("Simulator/plants/bsm1.toml"))
        let unit = try ConfigLoader.loadUnit(at: RepositoryFiles.path("Boards/units/bsm1-default.toml"))
        return WiredUnit(unit: unit, bindings: plant.bindings, bindingsFile: plant.path)
    }

    @Test func cosimEQIMatchesTheBenchmarkWithinTwoPercent() throws {
        let (influent, noise) = try Self.day()
        var bench = BSM1Protocol(strategy: .closedLoop, influent: influent, noise: noise)
        bench.passes = 1
        bench.relativeTolerance = 1e-4
        bench.absoluteTolerance = 1e-4
        let reference = try bench.run().criteria
        var cosim = BSM1CosimProtocol(unit: try Self.wiredUnit(), influent: influent, noise: noise)
        cosim.passes = 1
        cosim.tolerance = 1e-4
        let result = try cosim.run()
        let c = result.criteria
        print(result.text)
        print(String(format: "bsm1-bench: EQI %.1f, AE %.1f, OCI %.1f; cosim/bench EQI %.4f, AE %.4f, OCI %.4f",
                     reference.effluentQuality, reference.aerationEnergy, reference.operationalCost,
                     c.effluentQuality / reference.effluentQuality, c.aerationEnergy / reference.aerationEnergy,
                     c.operationalCost / reference.operationalCost))
        #expect(abs(c.period - reference.period) < 1e-9)
        #expect(abs(c.effluentQuality / reference.effluentQuality - 1) < 0.02,
                "EQI \(c.effluentQuality) vs bench \(reference.effluentQuality)")
        #expect(abs(c.aerationEnergy / reference.aerationEnergy - 1) < 0.03,
                "AE \(c.aerationEnergy) vs bench \(reference.aerationEnergy)")
        #expect(abs(c.operationalCost / reference.operationalCost - 1) < 0.03)
        #expect(c.controlErrors[0].iae < 0.15)
        #expect(result.unwiredOutputs.isEmpty)
    }

    @Test func steadyStateWithTheUnitHoldsItsSetpoints() throws {
        let steady = try BSM1Steady.run(unit: try Self.wiredUnit(), settleDays: 0.1)
        #expect(abs(steady.reactors[4][.SO] - 2) < 0.01)
        #expect(abs(steady.reactors[1][.SNO] - 1) < 0.02)
        let open = try BSM1Steady.run(unit: nil)
        // Open loop (KLa5 = 84 1/d) the published steady state has SO5 = 0.49 g/m3.
        #expect(abs(open.reactors[4][.SO] - 0.4909) < 0.01)
        #expect(open.effluent.tss > 10 && open.effluent.tss < 15)
    }
}
