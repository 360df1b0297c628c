/// Finds a steady state f(x) = 0 of an `ODESystem`: integrates for a while so the state
/// lands in the basin of the physically reached equilibrium (ASM1 also has washout
/// equilibria), then polishes with Newton's method on the finite-difference Jacobian.
public struct SteadyStateSolver: Sendable {
    /// Integrator for the approach phase; its statistics accumulate.
    public var integrator: RosenbrockIntegrator
    /// How long to integrate before Newton, in the system's time unit (days for plants).
    public var approachTime: Double
    /// Newton stops when every update is below `absoluteTolerance + relativeTolerance * |x|`.
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    /// Newton iterations allowed before `SteadyStateError.notConverged`.
    public var maximumNewtonIterations: Int
    /// Newton iterations used by the last `solve`.
    public private(set) var newtonIterations = 0

    public init(integrator: RosenbrockIntegrator = RosenbrockIntegrator(relativeTolerance: 1e-5, absoluteTolerance: 1e-5),
                approachTime: Double, relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 1e-10,
                maximumNewtonIterations: Int = 20) {
        self.integrator = integrator
        self.approachTime = approachTime
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maximumNewtonIterations = maximumNewtonIterations
    }

    /// The steady state reached from `initial`. Throws `IntegratorError` from the approach,
    /// `SingularMatrixError` from a singular Jacobian, or `SteadyStateError` if Newton stalls.
    public mutating func solve<S: ODESystem>(_ system: S, from initial: [Double]) throws -> [Double] {
        var x = initial
        try integrator.integrate(system, state: &x, from: 0, to: approachTime)
        let n = system.dimension
        var f = [Double](repeating: 0, count: n)
        newtonIterations = 0
        var largestScaledUpdate = Double.infinity
        while newtonIterations < maximumNewtonIterations {
            newtonIterations += 1
            system.derivatives(of: x, into: &f)
            let lu = try LUFactorization(integrator.jacobian.evaluate(system, at: x, f0: f))
            var update = f.map { -$0 }
            lu.solve(&update)
            largestScaledUpdate = 0
            for i in 0..<n {
                x[i] += update[i]
                largestScaledUpdate = max(largestScaledUpdate,
                                          abs(update[i]) / (absoluteTolerance + relativeTolerance * abs(x[i])))
            }
            guard largestScaledUpdate.isFinite else { break }
            if largestScaledUpdate <= 1 { return x }
        }
        throw SteadyStateError.notConverged(iterations: newtonIterations, scaledUpdate: largestScaledUpdate)
    }
}

/// Newton's method did not settle on a steady state.
public enum SteadyStateError: Error, Equatable {
    /// After `iterations`, the largest update was still `scaledUpdate` times its tolerance;
    /// integrate longer before Newton.
    case notConverged(iterations: Int, scaledUpdate: Double)
}
