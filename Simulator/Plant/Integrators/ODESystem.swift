/// A first-order system of ordinary differential equations dy/dt = f(y).
///
/// The right-hand side is autonomous on purpose: time-varying inputs (influent,
/// KLa, flows) are held constant between calls to the integrator (zero-order hold,
/// as the BSM1 protocol samples its influent), so each integration is autonomous.
public protocol ODESystem {
    /// Number of state variables.
    var dimension: Int { get }
    /// Writes f(y) into `dydt` (already sized `dimension`). Time unit is the caller's (days for plants).
    func derivatives(of y: [Double], into dydt: inout [Double])
    /// The entries of df/dy that may be nonzero, or nil for a dense Jacobian. The integrators read
    /// it once per dimension and use it for grouped finite differences and a sparse LU.
    var jacobianSparsity: SparsityPattern? { get }
}

/// An `ODESystem` given by a closure, for small problems and tests.
public struct FunctionSystem: ODESystem {
    public let dimension: Int
    private let function: ([Double], inout [Double]) -> Void

    /// - Parameters: dimension: number of states; function: writes f(y) into its second argument.
    public init(dimension: Int, _ function: @escaping ([Double], inout [Double]) -> Void) {
        self.dimension = dimension
        self.function = function
    }

    public func derivatives(of y: [Double], into dydt: inout [Double]) {
        function(y, &dydt)
    }
}

extension ODESystem {
    /// No declared structure: the Jacobian is treated as dense.
    public var jacobianSparsity: SparsityPattern? { nil }
}
