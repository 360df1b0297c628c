import Foundation

/// An adaptive, L-stable Rosenbrock integrator for stiff systems (RODAS3, 4 stages,
/// order 3 with an embedded order-2 error estimate).
///
/// Method: G. Steinebach's RODAS3 as tabulated by A. Sandu et al., "Benchmarking stiff
/// ODE solvers for atmospheric chemistry problems II: Rosenbrock solvers",
/// Atmospheric Environment 31 (1997) 3459-3472. Stage systems
/// (I/(h gamma) - J) K_i = f(y + sum a_ij K_j) + sum (c_ij / h) K_j use a finite-difference
/// Jacobian (one per accepted step, reused on rejection) and a dense LU with partial pivoting.
/// Error control: scaled RMS norm with absolute and relative tolerances, step rejection.
public struct RosenbrockIntegrator: Sendable {
    /// Relative tolerance on each state.
    public var relativeTolerance: Double
    /// Absolute tolerance on each state, in the state's units.
    public var absoluteTolerance: Double
    /// Largest step allowed (time units of the system, days for plants).
    public var maximumStep: Double
    /// Smallest step allowed before giving up with `IntegratorError.stepTooSmall`.
    public var minimumStep: Double
    /// Steps (accepted and rejected) allowed in one call to `integrate`.
    public var maximumSteps: Int
    /// How the Jacobian is approximated.
    public var jacobian: NumericalJacobian
    /// The step the error control proposes next; carried from one `integrate` call to the next.
    public var proposedStep: Double?
    /// Work done so far.
    public private(set) var statistics = IntegratorStatistics()

    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-6,
                maximumStep: Double = .infinity, minimumStep: Double = 1e-14,
                maximumSteps: Int = 100_000, jacobian: NumericalJacobian = NumericalJacobian()) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maximumStep = maximumStep
        self.minimumStep = minimumStep
        self.maximumSteps = maximumSteps
        self.jacobian = jacobian
    }

    // RODAS3 tableau (Sandu et al. 1997, table 3), strictly lower triangles packed row by row.
    private static let gamma = 0.5
    private static let a: [[Double]] = [[], [0], [2, 0], [2, 0, 1]]
    private static let c: [[Double]] = [[], [4], [1, -1], [1, -1, -8.0 / 3.0]]
    private static let m: [Double] = [2, 0, 1, 1]
    private static let e: [Double] = [0, 0, 0, 1]
    private static let errorOrder = 3.0
    private static let (safety, minimumFactor, maximumFactor) = (0.9, 0.2, 6.0)

    /// Advances `y` from `start` to `end` (end > start). Throws `IntegratorError` and leaves `y` at
    /// the last accepted state when the error control cannot proceed.
    public mutating func integrate<S: ODESystem>(_ system: S, state y: inout [Double],
                                                 from start: Double, to end: Double) throws {
        let n = system.dimension
        precondition(y.count == n, "state length does not match the system")
        precondition(end >= start, "integration runs forward in time")
        var t = start
        var h = min(proposedStep ?? 1e-6 * max(end - start, 1e-6), maximumStep)
        var f0 = [Double](repeating: 0, count: n)
        var stages = [[Double]](repeating: [Double](repeating: 0, count: n), count: 4)
        var argument = y, rhs = y, candidate = y
        var steps = 0
        var jacobianMatrix: DenseMatrix? = nil
        var lastRejected = false
        while t < end {
            steps += 1
            if steps > maximumSteps { throw IntegratorError.tooManySteps(time: t, steps: maximumSteps) }
            if h < minimumStep { throw IntegratorError.stepTooSmall(time: t, step: h) }
            // Land exactly on `end` without letting the shortened step become the proposal.
            let isLast = t + h >= end
            let step = isLast ? end - t : h
            if jacobianMatrix == nil {
                system.derivatives(of: y, into: &f0)
                jacobianMatrix = jacobian.evaluate(system, at: y, f0: f0)
                statistics.functionEvaluations += n + 1
                statistics.jacobianEvaluations += 1
            }
            var stageMatrix = jacobianMatrix!
            let diagonal = 1 / (step * Self.gamma)
            for i in 0..<n * n { stageMatrix.storage[i] = -stageMatrix.storage[i] }
            for i in 0..<n { stageMatrix.storage[i * n + i] += diagonal }
            let lu: LUFactorization
            do { lu = try LUFactorization(stageMatrix) } catch {
                throw IntegratorError.singularMatrix(time: t)
            }
            statistics.factorizations += 1
            for stage in 0..<4 {
                let weights = Self.a[stage]
                if stage == 0 || weights.allSatisfy({ $0 == 0 }) {
                    rhs = f0
                } else {
                    argument = y
                    for (j, w) in weights.enumerated() where w != 0 {
                        for i in 0..<n { argument[i] += w * stages[j][i] }
                    }
                    system.derivatives(of: argument, into: &rhs)
                    statistics.functionEvaluations += 1
                }
                for (j, coefficient) in Self.c[stage].enumerated() where coefficient != 0 {
                    let factor = coefficient / step
                    for i in 0..<n { rhs[i] += factor * stages[j][i] }
                }
                lu.solve(&rhs)
                statistics.linearSolves += 1
                stages[stage] = rhs
            }
            var sum = 0.0
            for i in 0..<n {
                var value = y[i], error = 0.0
                for s in 0..<4 {
                    value += Self.m[s] * stages[s][i]
                    error += Self.e[s] * stages[s][i]
                }
                candidate[i] = value
                let scale = absoluteTolerance + relativeTolerance * max(abs(y[i]), abs(value))
                sum += (error / scale) * (error / scale)
            }
            let norm = (sum / Double(max(n, 1))).squareRoot()
            guard norm.isFinite else {
                // A blown-up stage is not an error estimate: just retry much smaller.
                statistics.rejectedSteps += 1
                h = step * 0.1
                lastRejected = true
                continue
            }
            var factor = min(Self.maximumFactor,
                             max(Self.minimumFactor, Self.safety / pow(max(norm, 1e-10), 1 / Self.errorOrder)))
            if norm <= 1 {
                statistics.acceptedSteps += 1
                t = isLast ? end : t + step
                swap(&y, &candidate)
                jacobianMatrix = nil
                if lastRejected { factor = min(factor, 1) }
                lastRejected = false
                h = isLast ? max(h, step * factor) : step * factor
            } else {
                statistics.rejectedSteps += 1
                lastRejected = true
                h = step * min(factor, 1)
            }
            h = min(h, maximumStep)
        }
        proposedStep = h
    }
}
