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

extension NumericalJacobian {
    /// The same forward differences, one evaluation of f per group of `colouring` instead of per
    /// column: columns of a group share no row, so each row sees one perturbation only and the
    /// result equals the column-by-column one. Writes the pattern's entries of `jacobian` (n x n)
    /// and leaves the others untouched (keep them zero).
    public func evaluate<S: ODESystem>(_ system: S, at y: [Double], f0: [Double], colouring: JacobianColouring,
                                       into jacobian: inout DenseMatrix) {
        let n = system.dimension
        precondition(colouring.pattern.dimension == n && jacobian.rows == n && jacobian.columns == n,
                     "pattern, Jacobian and system differ in dimension")
        var shifted = y
        var f = [Double](repeating: 0, count: n)
        var steps = [Double](repeating: 0, count: n)
        let root = Double.ulpOfOne.squareRoot()
        for group in colouring.groups {
            for j in group {
                let saved = y[j]
                // Round-trip through the addition so the divisor is the step actually taken.
                steps[j] = (saved + root * max(abs(saved), perturbationFloor)) - saved
                shifted[j] = saved + steps[j]
            }
            system.derivatives(of: shifted, into: &f)
            for j in group {
                shifted[j] = y[j]
                for i in colouring.rowsOfColumn[j] { jacobian.storage[i * n + j] = (f[i] - f0[i]) / steps[j] }
            }
        }
    }
}

/// A sparsity pattern's columns in groups that share no row, computed once and reused by every
/// `NumericalJacobian.evaluate(_:at:f0:colouring:into:)`.
public struct JacobianColouring: Sendable {
    public let pattern: SparsityPattern
    /// Column groups: one evaluation of f each.
    public let groups: [[Int]]
    /// The rows of each column that the pattern holds.
    let rowsOfColumn: [[Int]]

    public init(_ pattern: SparsityPattern) {
        self.pattern = pattern
        groups = pattern.columnGroups()
        var rows = Array(repeating: [Int](), count: pattern.dimension)
        for (i, row) in pattern.columns.enumerated() { for j in row { rows[j].append(i) } }
        rowsOfColumn = rows
    }
}
