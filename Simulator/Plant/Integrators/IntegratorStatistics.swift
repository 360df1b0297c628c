/// Work done by an integrator, accumulated over its lifetime.
public struct IntegratorStatistics: Equatable, Sendable {
    /// Steps accepted by the error control.
    public var acceptedSteps = 0
    /// Steps rejected by the error control (and retried with a smaller step).
    public var rejectedSteps = 0
    /// Right-hand-side evaluations, including those for Jacobians.
    public var functionEvaluations = 0
    /// Jacobians computed (each costs `dimension` evaluations of f).
    public var jacobianEvaluations = 0
    /// LU factorizations of the stage matrix.
    public var factorizations = 0
    /// Linear solves with a factorization.
    public var linearSolves = 0

    public init() {}
}
