/// A plant state at equilibrium and the work it took to find it.
public struct PlantSteadyState: Sendable {
    /// The state vector, laid out as `ActivatedSludgePlant` describes.
    public let state: [Double]
    /// Work of the approach integration.
    public let statistics: IntegratorStatistics
    /// Newton iterations of the final polish.
    public let newtonIterations: Int
}

extension ActivatedSludgePlant {
    /// Runs the current influent, KLa and flows to steady state: `approachDays` of simulated
    /// time from `initial` (default `initialState()`), then Newton. BSM1 settles within 150 days.
    /// Throws `IntegratorError`, `SingularMatrixError` or `SteadyStateError`.
    public func steadyState(approachDays: Double = 150, from initial: [Double]? = nil) throws -> PlantSteadyState {
        var solver = SteadyStateSolver(approachTime: approachDays)
        let state = try solver.solve(self, from: initial ?? initialState())
        return PlantSteadyState(state: state, statistics: solver.integrator.statistics,
                                newtonIterations: solver.newtonIterations)
    }
}
