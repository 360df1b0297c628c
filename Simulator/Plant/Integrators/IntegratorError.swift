/// Why an integration stopped before reaching its end time.
public enum IntegratorError: Error, Equatable, CustomStringConvertible {
    /// The error control asked for a step below the minimum at time `time` (days): the problem is
    /// probably discontinuous or ill-posed there.
    case stepTooSmall(time: Double, step: Double)
    /// More than the allowed number of steps were needed; raise `maximumSteps` or loosen tolerances.
    case tooManySteps(time: Double, steps: Int)
    /// The state became NaN or infinite at `time`.
    case nonFiniteState(time: Double)
    /// The stage matrix I/(h gamma) - J could not be factored.
    case singularMatrix(time: Double)

    public var description: String {
        switch self {
        case let .stepTooSmall(time, step): "step size \(step) below minimum at t = \(time)"
        case let .tooManySteps(time, steps): "more than \(steps) steps, stopped at t = \(time)"
        case let .nonFiniteState(time): "state not finite at t = \(time)"
        case let .singularMatrix(time): "singular stage matrix at t = \(time)"
        }
    }
}
