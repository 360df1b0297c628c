/// Coefficients of a four-stage Rosenbrock method in the transformed form
/// (I/(h gamma) - W) K_i = f(y + sum a_ij K_j) + sum (c_ij / h) K_j,
/// y1 = y + sum m_i K_i, error estimate sum e_i K_i.
public struct RosenbrockTableau: Sendable, Equatable {
    /// Name in the literature, e.g. "RODAS3".
    public let name: String
    public let gamma: Double
    /// Strictly lower triangular a_ij and c_ij, one row per stage.
    let a: [[Double]]
    let c: [[Double]]
    let m: [Double]
    let e: [Double]
    /// Order of the error estimate's leading term (embedded order + 1).
    let errorOrder: Double
    /// Whether the order conditions hold for any matrix W in place of the Jacobian
    /// (a Rosenbrock-W method): only then may a Jacobian be reused across steps.
    public let isWMethod: Bool

    /// Stages count.
    var stages: Int { m.count }

    /// RODAS3 (Steinebach), as tabulated by Sandu et al., Atmospheric Environment 31 (1997)
    /// 3459-3472, table 3: stiffly accurate, L-stable, order 3(2). Needs the exact Jacobian.
    public static let rodas3 = RosenbrockTableau(
        name: "RODAS3", gamma: 0.5,
        a: [[], [0], [2, 0], [2, 0, 1]],
        c: [[], [4], [1, -1], [1, -1, -8.0 / 3.0]],
        m: [2, 0, 1, 1], e: [0, 0, 0, 1], errorOrder: 3, isWMethod: false)

    /// ROS34PW2, J. Rang and L. Angermann, "New Rosenbrock W-methods of order 3 for partial
    /// differential algebraic equations of index 1", BIT 45 (2005) 761-787: L-stable, stiffly
    /// accurate, order 3(2) for any W, so a lagged Jacobian keeps the order.
    /// Converted from the paper's standard form (alpha, Gamma with gamma = 0.435866521508459, b,
    /// b-hat) to this transformed form: a = alpha Gamma^-1, c = 1/gamma - Gamma^-1, m = b Gamma^-1,
    /// e = (b - b-hat) Gamma^-1. The tests check order 3 with an exact and with a wrong Jacobian.
    public static let ros34pw2 = RosenbrockTableau(
        name: "ROS34PW2", gamma: 0.435866521508459,
        a: [[], [2.0], [1.4192173174557652, -0.25923221167296978],
            [4.1847604823191613, -0.28519201735549599, 2.2942803602790423]],
        c: [[], [-4.5885607205580836], [-4.1847604823191613, 0.28519201735549599],
            [-6.3681792001283597, -6.7956209444668367, 2.8700986043310555]],
        m: [4.184760482319162, -0.2851920173554956, 2.294280360279042, 1],
        e: [0.2777499476479681, -1.4032398951759995, 1.772630127667551, 0.5], errorOrder: 3, isWMethod: true)
}

/// When the integrator recomputes its finite-difference Jacobian.
public enum JacobianPolicy: Sendable, Equatable {
    /// Before every accepted step (reused only to retry a rejected step): what a classical
    /// Rosenbrock method such as RODAS3 needs for its order.
    case everyStep
    /// Kept across steps and across `integrate` calls until a step is rejected with an aged
    /// Jacobian, `maximumAge` steps have been accepted with it, or `invalidateJacobian()` is
    /// called. Valid only with a W-method (`RosenbrockTableau.isWMethod`).
    case reuse(maximumAge: Int)
}
