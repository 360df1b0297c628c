import Foundation
import Plant
import Testing

@Suite struct RosenbrockIntegratorTests {
    @Test func exponentialDecayMatchesTheExactSolution() throws {
        let decay = FunctionSystem(dimension: 1) { y, dy in dy[0] = -2 * y[0] }
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
        var y = [3.0]
        try integrator.integrate(decay, state: &y, from: 0, to: 1.5)
        #expect(abs(y[0] - 3 * exp(-3.0)) < 1e-7)
        #expect(integrator.statistics.acceptedSteps > 5)
    }

    /// y' = A y with A = [[-1, 1], [0, -100]]: eigenvalues -1 and -100, eigenvectors (1, 0) and (1, -99).
    @Test func stiffLinearSystemFollowsItsEigenSolution() throws {
        let system = FunctionSystem(dimension: 2) { y, dy in
            dy[0] = -y[0] + y[1]
            dy[1] = -100 * y[1]
        }
        // y(0) = 2 (1, 0) + 1 (1, -99) = (3, -99).
        var y = [3.0, -99.0]
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-7, absoluteTolerance: 1e-9)
        try integrator.integrate(system, state: &y, from: 0, to: 2)
        let exact = [2 * exp(-2.0) + exp(-200.0), -99 * exp(-200.0)]
        #expect(abs(y[0] - exact[0]) < 1e-6)
        #expect(abs(y[1] - exact[1]) < 1e-6)
    }

    /// Robertson's chemical kinetics (Hairer & Wanner, Solving ODEs II, section IV.1), reference at t = 40.
    @Test func robertsonKineticsMatchesThePublishedValues() throws {
        let robertson = FunctionSystem(dimension: 3) { y, dy in
            dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
            dy[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1]
            dy[2] = 3e7 * y[1] * y[1]
        }
        var y = [1.0, 0, 0]
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-6, absoluteTolerance: 1e-10,
                                              jacobian: NumericalJacobian(perturbationFloor: 1e-8))
        try integrator.integrate(robertson, state: &y, from: 0, to: 40)
        #expect(abs(y[0] - 0.7158) < 1e-4)
        #expect(abs(y[1] - 9.185e-6) / 9.185e-6 < 1e-3)
        #expect(abs(y[2] - 0.2842) < 1e-4)
        #expect(abs(y[0] + y[1] + y[2] - 1) < 1e-8)
        let stats = integrator.statistics
        #expect(stats.acceptedSteps < 500)
        #expect(stats.jacobianEvaluations == stats.acceptedSteps)
    }

    /// Van der Pol y'' - mu (1 - y^2) y' + y = 0 with mu = 1000 (Hairer & Wanner): a stiff relaxation
    /// oscillation of period about 1614 whose amplitude stays near 2; two periods in a few thousand steps.
    @Test func vanDerPolWithMuThousandStaysBounded() throws {
        let mu = 1000.0
        let vdp = FunctionSystem(dimension: 2) { y, dy in
            dy[0] = y[1]
            dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0]
        }
        var y = [2.0, 0]
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-5, absoluteTolerance: 1e-5)
        var peak = 0.0
        for k in 1...300 {
            try integrator.integrate(vdp, state: &y, from: Double(k - 1) * 10, to: Double(k) * 10)
            peak = max(peak, abs(y[0]))
        }
        #expect(peak < 2.1)
        #expect(y.allSatisfy { $0.isFinite })
        #expect(integrator.statistics.acceptedSteps < 5_000)
        #expect(peak > 1.9)
        #expect(integrator.statistics.rejectedSteps < integrator.statistics.acceptedSteps)
    }

    @Test func tooFewStepsIsReportedNotHidden() {
        let decay = FunctionSystem(dimension: 1) { y, dy in dy[0] = -1e3 * (y[0] - cos(y[0])) }
        var integrator = RosenbrockIntegrator(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, maximumSteps: 3)
        var y = [1.0]
        #expect(throws: IntegratorError.self) { try integrator.integrate(decay, state: &y, from: 0, to: 10) }
    }
}
