/// Forward-difference Jacobian of an `ODESystem`, column by column.
///
/// Each column costs one evaluation of f, so a Jacobian costs n + 1 evaluations
/// (n when f(y) is already known).
public struct NumericalJacobian: Sendable {
    /// The perturbation of state j is sqrt(eps) * max(|y_j|, `perturbationFloor`),
    /// in the state's own units; the floor keeps states near zero from a perturbation
    /// so small that rounding in f swamps the difference.
    public var perturbationFloor: Double

    public init(perturbationFloor: Double = 1e-3) {
        self.perturbationFloor = perturbationFloor
    }

    /// J[i, j] = d f_i / d y_j at `y`, given `f0` = f(y).
    public func evaluate<S: ODESystem>(_ system: S, at y: [Double], f0: [Double]) -> DenseMatrix {
        let n = system.dimension
        var jacobian = DenseMatrix(rows: n, columns: n)
        var shifted = y
        var f = [Double](repeating: 0, count: n)
        let root = Double.ulpOfOne.squareRoot()
        for j in 0..<n {
            let saved = shifted[j]
            // Round-trip through the addition so the divisor is the step actually taken.
            let step = (saved + root * max(abs(saved), perturbationFloor)) - saved
            shifted[j] = saved + step
            system.derivatives(of: shifted, into: &f)
            shifted[j] = saved
            for i in 0..<n { jacobian.storage[i * n + j] = (f[i] - f0[i]) / step }
        }
        return jacobian
    }
}
