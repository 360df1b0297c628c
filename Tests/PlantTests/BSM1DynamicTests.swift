import Foundation
import Plant
import Testing

/// Building blocks of the BSM1 dynamic protocol: the zero-order hold, lags, sensors, criteria.
@Suite struct BSM1DynamicTests {
    @Test func zeroOrderHoldHoldsEachSampleUntilTheNext() throws {
        let series = try ZeroOrderHoldSeries(csv: "time_d,a\n0,1\n0.010416666,2\n0.020833333,3\n")
        #expect(series.values(at: 0) == [1])
        #expect(series.values(at: 0.0104) == [1])
        // 15 min computed exactly lands on the file's rounded time: the new sample is in force.
        #expect(series.values(at: 1.0 / 96) == [2])
        #expect(series.values(at: 2.0 / 96 - 1e-6) == [2])
        #expect(series.values(at: 2.0 / 96) == [3])
        #expect(series.values(at: 5) == [3])
        #expect(throws: SeriesFormatError.self) { try ZeroOrderHoldSeries(csv: "t,a\n0,x\n") }
    }

    @Test func dryWeatherFileIsFourteenDaysAtFifteenMinutes() throws {
        let series = try ZeroOrderHoldSeries(csv: ReferenceData.text("bsm1_dryinfluent.csv"))
        #expect(series.count == 14 * 96)
        #expect(abs(series.sampleInterval - 1.0 / 96) < 1e-8)
        let first = PlantStream(influentRow: series.rows[0])
        #expect(first.flow == 21_477)
        #expect(first[.SNH] == 30.24762)
    }

    /// ln 10 for one lag; the reference's rounded 3.89 and 11.7724 for two and eight.
    @Test(arguments: [(1, 2.302585, 1e-6), (2, 3.89, 3e-4), (8, 11.7724, 2e-3)])
    func t90FactorMatchesTheReference(order: Int, factor: Double, tolerance: Double) {
        #expect(abs(LagChain.t90Factor(order: order) - factor) < tolerance)
    }

    /// Integrates each benchmark lag from rest under a unit step: 90 % exactly at T90.
    @Test(arguments: [(2, 1.0), (8, 10.0), (2, 4.0)])
    func lagChainReachesNinetyPercentAtT90(order: Int, t90Minutes: Double) throws {
        let lag = LagChain(order: order, t90: t90Minutes / 1440)
        let system = FunctionSystem(dimension: order) { y, dy in
            var previous = 1.0
            for i in 0..<order { dy[i] = (previous - y[i]) / lag.timeConstant; previous = y[i] }
        }
        var y = [Double](repeating: 0, count: order)
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        try integrator.integrate(system, state: &y, from: 0, to: t90Minutes / 1440)
        #expect(abs(y[order - 1] - 0.9) < 1e-6)
        #expect(abs(lag.stepResponse(at: t90Minutes / 1440) - 0.9) < 1e-9)
    }

    @Test func sensorScalesTheNoiseColumnAndClipsToItsRange() throws {
        let noise = try ZeroOrderHoldSeries(csv: ReferenceData.text("bsm1_sensornoise_cols1-2.csv"))
        let first = noise.values(at: 0)
        #expect(first == [-0.432564812, 0.717037869])
        #expect(BenchmarkSensor.bsm1Oxygen.reading(filtered: 2, noise: first[0]) == 2 + 0.25 * -0.432564812)
        #expect(BenchmarkSensor.bsm1Nitrate.reading(filtered: 1, noise: first[1]) == 1 + 0.5 * 0.717037869)
        #expect(BenchmarkSensor.bsm1Oxygen.reading(filtered: 0.1, noise: -3) == 0)
        #expect(BenchmarkSensor.bsm1Nitrate.reading(filtered: 19.9, noise: 3) == 20)
        // The second minute's sample is the file's second row, held for the whole minute.
        #expect(noise.values(at: 1.5 / 1440) == [-1.66558438, -1.55668464])
    }

    /// ROS34PW2 keeps order 3 with a wrong Jacobian (a W-method); RODAS3 drops to order 1.
    @Test func ros34pw2IsOrderThreeWithAnyJacobian() throws {
        // y0' = -y0 + y1^2, y1' = -y1/2: y0(1) = 2/e from (1, 1). A constant wrong "Jacobian" is
        // forced by a finite-difference perturbation floor far larger than the states.
        func error(steps: Int) throws -> Double {
            let system = FunctionSystem(dimension: 2) { y, dy in dy[0] = -y[0] + y[1] * y[1]; dy[1] = -0.5 * y[1] }
            var integrator = RosenbrockIntegrator(relativeTolerance: 1e3, absoluteTolerance: 1e3,
                                                  maximumStep: 1 / Double(steps),
                                                  jacobian: NumericalJacobian(perturbationFloor: 1e7),
                                                  tableau: .ros34pw2, jacobianPolicy: .reuse(maximumAge: 1_000_000))
            var y = [1.0, 1.0]
            integrator.proposedStep = 1 / Double(steps)
            try integrator.integrate(system, state: &y, from: 0, to: 1)
            #expect(integrator.statistics.jacobianEvaluations == 1)
            return abs(y[0] - 2 / M_E)
        }
        let order = log2(try error(steps: 20) / error(steps: 40))
        #expect(order > 2.7)
    }

    @Test func criteriaOfAHandBuiltSeries() {
        let p = ASM1Parameters.bsm1
        // Effluent with only SNH, SNO, SI and TSS; flow 1000 m3/d.
        func stream(snh: Double, flow: Double = 1000) -> PlantStream {
            var c = [Double](repeating: 0, count: 13)
            c[ASM1Component.SI.rawValue] = 30
            c[ASM1Component.SNO.rawValue] = 10
            c[ASM1Component.SNH.rawValue] = snh
            return PlantStream(concentrations: c, tss: 12, flow: flow)
        }
        let values = [1.0, 5, 6, 2, 5, 3, 3, 4.5]
        let samples = values.enumerated().map { k, snh in
            EvaluationSample(time: Double(k) * 0.25, influent: stream(snh: 30, flow: 2000), effluent: stream(snh: snh),
                             kLa: [0, 10, 240, 240, 100], internalRecycle: 50_000, returnSludge: 20_000, wasteSludge: 400,
                             wasteTSS: 6000, controlErrors: [snh - 3])
        }
        let c = BSM1Criteria(samples: samples, interval: 0.25, volumes: [1000, 1000, 1333, 1333, 1333],
                             oxygenSaturation: 8, sludgeMassChange: 100_000, parameters: p)
        #expect(c.period == 2)
        let meanSNH = values.reduce(0, +) / 8
        // EQI: (2 TSS + COD + 30 TKN + 10 NO) Q / 1000, BOD5 = 0 here.
        let expectedEQI = (2 * 12 + 30 + 30 * meanSNH + 10 * 10) * 1000 / 1000
        #expect(abs(c.effluentQuality - expectedEQI) < 1e-9)
        #expect(abs(c.aerationEnergy - 8 / 1800 * (1333 * 580 + 1000 * 10)) < 1e-9)
        #expect(abs(c.pumpingEnergy - (0.004 * 50_000 + 0.008 * 20_000 + 0.05 * 400)) < 1e-9)
        #expect(abs(c.mixingEnergy - 0.005 * 24 * 2000) < 1e-9)
        #expect(abs(c.sludgeProduction - (100_000 + 6000 * 400 * 2) / 2000) < 1e-9)
        #expect(abs(c.operationalCost - (c.aerationEnergy + c.pumpingEnergy + 5 * c.sludgeProduction + c.mixingEnergy)) < 1e-9)
        // SNH > 4 at samples 1, 2, 4, 7: three episodes, 4 x 0.25 d.
        let snh = c.violations.first { $0.name == "SNH" }!
        #expect(snh.occurrences == 3)
        #expect(snh.days == 1.0)
        #expect(snh.percentOfTime == 50)
        // Ntot = SNH + 10 > 18 nowhere; TSS 12 < 30.
        #expect(c.violations.first { $0.name == "Ntot" }!.occurrences == 0)
        let errors = values.map { $0 - 3 }
        #expect(abs(c.controlErrors[0].iae - errors.map(abs).reduce(0, +) * 0.25) < 1e-12)
        #expect(abs(c.controlErrors[0].ise - errors.map { $0 * $0 }.reduce(0, +) * 0.25) < 1e-12)
        #expect(c.controlErrors[0].maximum == 3)
    }
}
