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
    /// Transformed coefficients as in KPP/MATLODE (Sandu's convention, like `rodas3`).
    public static let ros34pw2 = RosenbrockTableau(
        name: "ROS34PW2", gamma: 4.358665215084590e-1,
        a: [[], [2.218787467653286], [0, 0], [1.208587690772214, 7.511610241919324e-2, 0.5]],
        c: [[], [-2.218787467653286], [-9.461966143940745e-2, -7.913526735718213e-3],
            [-1.870323744195384, -9.624340112825115e-2, 2.726301276675511e-1]],
        m: [3.285609536316354e-1, -5.785609536316354e-1, 0.25, 1],
        e: [-0.25, 0, 0.25, 1], errorOrder: 3, isWMethod: true)
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
