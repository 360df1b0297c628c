import Foundation

/// An adaptive, L-stable Rosenbrock integrator for stiff systems (4 stages, order 3 with an
/// embedded order-2 error estimate): RODAS3 by default, or the W-method ROS34PW2.
///
/// Stage systems (I/(h gamma) - J) K_i = f(y + sum a_ij K_j) + sum (c_ij / h) K_j use a
/// finite-difference Jacobian and an LU (see `RosenbrockTableau`): when the system declares its
/// `jacobianSparsity`, grouped differences and a `SparseLUFactorization`, else (or when a sparse
/// pivot is unsafe) column-by-column differences and a dense LU with partial pivoting.
/// With `.everyStep` the Jacobian is fresh for every accepted step; with `.reuse` (W-method only)
/// the Jacobian and the LU survive across steps and calls, which is what makes many short
/// zero-order-hold segments cheap. Error control: scaled RMS norm, step rejection.
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
    /// The method's coefficients.
    public let tableau: RosenbrockTableau
    /// When the Jacobian is recomputed.
    public let jacobianPolicy: JacobianPolicy
    /// Whether the system's declared `jacobianSparsity` is used (grouped differences, sparse LU);
    /// false treats every Jacobian as dense, the slower path kept as a reference. Set before the first call.
    public var usesDeclaredSparsity = true
    /// The step the error control proposes next; carried from one `integrate` call to the next.
    public var proposedStep: Double?
    /// Work done so far.
    public private(set) var statistics = IntegratorStatistics()

    private var workspace = Workspace()

    /// `jacobianPolicy: .reuse` needs a W-method tableau (precondition).
    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-6,
                maximumStep: Double = .infinity, minimumStep: Double = 1e-14,
                maximumSteps: Int = 100_000, jacobian: NumericalJacobian = NumericalJacobian(),
                tableau: RosenbrockTableau = .rodas3, jacobianPolicy: JacobianPolicy = .everyStep) {
        if case .reuse = jacobianPolicy {
            precondition(tableau.isWMethod, "\(tableau.name) needs the exact Jacobian: reuse it only with a W-method")
        }
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maximumStep = maximumStep
        self.minimumStep = minimumStep
        self.maximumSteps = maximumSteps
        self.jacobian = jacobian
        self.tableau = tableau
        self.jacobianPolicy = jacobianPolicy
    }

    /// Forgets a kept Jacobian, e.g. after the system changed a lot (a storm's first flush).
    public mutating func invalidateJacobian() {
        workspace.invalidate()
    }

    private static let (safety, minimumFactor, maximumFactor) = (0.9, 0.2, 6.0)

    /// Advances `y` from `start` to `end` (end > start). Throws `IntegratorError` and leaves `y` at
    /// the last accepted state when the error control cannot proceed.
    public mutating func integrate<S: ODESystem>(_ system: S, state y: inout [Double],
                                                 from start: Double, to end: Double) throws {
        let n = system.dimension
        precondition(y.count == n, "state length does not match the system")
        precondition(end >= start, "integration runs forward in time")
        // Work on a local copy of the buffers (moved, not copied) so no exclusivity with self.
        var work = workspace
        workspace = Workspace()
        defer { workspace = work }
        work.prepare(system, sparsity: usesDeclaredSparsity ? system.jacobianSparsity : nil)
        let t = tableau
        let maximumAge: Int
        switch jacobianPolicy {
        case .everyStep: maximumAge = 1
        case .reuse(let age): maximumAge = max(age, 1)
        }
        var time = start
        var h = min(proposedStep ?? 1e-6 * max(end - start, 1e-6), maximumStep)
        var steps = 0
        var lastRejected = false
        var f0Current = false
        while time < end {
            steps += 1
            if steps > maximumSteps { throw IntegratorError.tooManySteps(time: time, steps: maximumSteps) }
            if h < minimumStep { throw IntegratorError.stepTooSmall(time: time, step: h) }
            // Equal steps that land exactly on `end`: no sliver of a last step, and the same step
            // (hence the same factorization) in every one of many equally long calls.
            let remaining = end - time
            let count = (remaining / h * (1 - 1e-9)).rounded(.up)
            let isLast = count <= 1
            let step = isLast ? remaining : remaining / count
            if !f0Current {
                system.derivatives(of: y, into: &work.f0)
                statistics.functionEvaluations += 1
                f0Current = true
            }
            if !work.hasJacobian || work.jacobianAge >= maximumAge {
                work.evaluateJacobian(system, y: y, using: jacobian, statistics: &statistics)
                work.jacobianAge = 0
            }
            // A W-method tolerates any W, so a step within rounding of the factored one reuses it.
            if !work.isFactored || abs(work.factoredStep - step) > 1e-9 * step {
                do { try work.factor(diagonal: 1 / (step * t.gamma)) } catch {
                    throw IntegratorError.singularMatrix(time: time)
                }
                work.factoredStep = step
                statistics.factorizations += 1
            }
            let norm = work.attemptStep(system, tableau: t, y: y, step: step, statistics: &statistics,
                                        absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
            guard norm.isFinite else {
                // A blown-up stage is not an error estimate: refresh an aged Jacobian and retry smaller.
                statistics.rejectedSteps += 1
                if work.jacobianAge > 0 { work.jacobianAge = maximumAge }
                h = step * 0.1
                lastRejected = true
                continue
            }
            var factor = min(Self.maximumFactor,
                             max(Self.minimumFactor, Self.safety / pow(max(norm, 1e-10), 1 / t.errorOrder)))
            if norm <= 1 {
                statistics.acceptedSteps += 1
                time = isLast ? end : time + step
                swap(&y, &work.candidate)
                f0Current = false
                work.jacobianAge += 1
                if lastRejected { factor = min(factor, 1) }
                lastRejected = false
                // Growth by less than 20 % is not worth a new factorization.
                if maximumAge > 1 && factor > 1 && factor < 1.2 { factor = 1 }
                h = isLast ? max(h, step * factor) : step * factor
            } else {
                statistics.rejectedSteps += 1
                // A single rejection is mostly a new input (a controller's command at the start of a
                // call) that needs a smaller step; a second one in a row blames an aged Jacobian.
                if work.jacobianAge > 0 && lastRejected { work.jacobianAge = maximumAge }
                lastRejected = true
                h = step * min(factor, 1)
            }
            h = min(h, maximumStep)
        }
        proposedStep = h
    }
}

/// Buffers reused from step to step and call to call; nothing is allocated per step, and with a
/// declared sparsity pattern nothing per Jacobian or factorization either.
private struct Workspace: Sendable {
    var f0: [Double] = [], argument: [Double] = [], rhs: [Double] = [], candidate: [Double] = []
    /// Stage vectors K_0...K_3, stored one after another.
    var stages: [Double] = []
    var jacobian = DenseMatrix(rows: 0, columns: 0)
    var hasJacobian = false
    /// Accepted steps taken with `jacobian`.
    var jacobianAge = 0
    /// The system's declared structure: grouped differences and a sparse LU.
    var colouring: JacobianColouring?
    var sparse: SparseLUFactorization?
    var factorization = Factorization.none
    var factoredStep = 0.0

    enum Factorization: Sendable {
        case none, sparse, dense(LUFactorization)
    }

    var isFactored: Bool {
        if case .none = factorization { return false }
        return true
    }

    /// Sizes the buffers for `system`; `sparsity` is read only when the dimension changes.
    mutating func prepare<S: ODESystem>(_ system: S, sparsity: @autoclosure () -> SparsityPattern?) {
        let n = system.dimension
        guard f0.count != n || jacobian.rows != n else { return }
        f0 = [Double](repeating: 0, count: n)
        argument = f0; rhs = f0; candidate = f0
        stages = [Double](repeating: 0, count: 4 * n)
        jacobian = DenseMatrix(rows: n, columns: n)
        if let pattern = sparsity(), pattern.dimension == n {
            colouring = JacobianColouring(pattern)
            sparse = SparseLUFactorization(pattern: pattern)
        } else {
            colouring = nil
            sparse = nil
        }
        invalidate()
    }

    mutating func invalidate() {
        hasJacobian = false
        factorization = .none
    }

    mutating func evaluateJacobian<S: ODESystem>(_ system: S, y: [Double], using differences: NumericalJacobian,
                                                 statistics: inout IntegratorStatistics) {
        if let colouring {
            differences.evaluate(system, at: y, f0: f0, colouring: colouring, into: &jacobian)
            statistics.functionEvaluations += colouring.groups.count
        } else {
            jacobian = differences.evaluate(system, at: y, f0: f0)
            statistics.functionEvaluations += y.count
        }
        statistics.jacobianEvaluations += 1
        hasJacobian = true
        factorization = .none
    }

    /// Factors diagonal x I - J: sparse when the pattern allows it, else (or when the natural pivot
    /// order meets a tiny pivot) dense with partial pivoting.
    mutating func factor(diagonal: Double) throws {
        if sparse != nil {
            do {
                try sparse!.factor(jacobian, scale: -1, diagonalShift: diagonal)
                factorization = .sparse
                return
            } catch {}
        }
        var stageMatrix = jacobian
        let n = jacobian.rows
        for i in 0..<n * n { stageMatrix.storage[i] = -stageMatrix.storage[i] }
        for i in 0..<n { stageMatrix.storage[i * n + i] += diagonal }
        factorization = .dense(try LUFactorization(stageMatrix))
    }

    func solve(_ b: inout [Double]) {
        switch factorization {
        case .none: break
        case .sparse: sparse!.solve(&b)
        case .dense(let lu): lu.solve(&b)
        }
    }

    /// Computes the stages and the candidate y1 into `candidate`; returns the scaled error norm.
    mutating func attemptStep<S: ODESystem>(_ system: S, tableau t: RosenbrockTableau, y: [Double], step: Double,
                                            statistics: inout IntegratorStatistics,
                                            absoluteTolerance: Double, relativeTolerance: Double) -> Double {
        let n = y.count
        guard isFactored else { return .nan }
        for stage in 0..<t.stages {
            let weights = t.a[stage], coefficients = t.c[stage]
            if stage == 0 || weights.allSatisfy({ $0 == 0 }) {
                rhs.withUnsafeMutableBufferPointer { r in f0.withUnsafeBufferPointer { f in
                    for i in 0..<n { r[i] = f[i] }
                } }
            } else {
                argument.withUnsafeMutableBufferPointer { x in
                    stages.withUnsafeBufferPointer { k in y.withUnsafeBufferPointer { y0 in
                        for i in 0..<n { x[i] = y0[i] }
                        for (j, w) in weights.enumerated() where w != 0 {
                            for i in 0..<n { x[i] += w * k[j * n + i] }
                        }
                    } }
                }
                system.derivatives(of: argument, into: &rhs)
                statistics.functionEvaluations += 1
            }
            rhs.withUnsafeMutableBufferPointer { r in stages.withUnsafeBufferPointer { k in
                for (j, coefficient) in coefficients.enumerated() where coefficient != 0 {
                    let factor = coefficient / step
                    for i in 0..<n { r[i] += factor * k[j * n + i] }
                }
            } }
            solve(&rhs)
            statistics.linearSolves += 1
            stages.withUnsafeMutableBufferPointer { k in rhs.withUnsafeBufferPointer { r in
                for i in 0..<n { k[stage * n + i] = r[i] }
            } }
        }
        // Both tableaux have four stages; spelling them out keeps this loop free of array accesses.
        precondition(t.stages == 4, "the integrator is written for four-stage methods")
        let (m0, m1, m2, m3) = (t.m[0], t.m[1], t.m[2], t.m[3]), (e0, e1, e2, e3) = (t.e[0], t.e[1], t.e[2], t.e[3])
        var sum = 0.0
        candidate.withUnsafeMutableBufferPointer { out in stages.withUnsafeBufferPointer { k in
            y.withUnsafeBufferPointer { y0 in
                for i in 0..<n {
                    let (k0, k1, k2, k3) = (k[i], k[n + i], k[2 * n + i], k[3 * n + i])
                    let value = y0[i] + m0 * k0 + m1 * k1 + m2 * k2 + m3 * k3
                    let error = e0 * k0 + e1 * k1 + e2 * k2 + e3 * k3
                    out[i] = value
                    let scaled = error / (absoluteTolerance + relativeTolerance * max(abs(y0[i]), abs(value)))
                    sum += scaled * scaled
                }
            }
        } }
        return (sum / Double(max(n, 1))).squareRoot()
    }
}
