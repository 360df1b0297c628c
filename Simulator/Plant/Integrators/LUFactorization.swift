/// Thrown when a matrix has no usable LU factorization.
public struct SingularMatrixError: Error, Equatable, CustomStringConvertible {
    /// The elimination column where no nonzero pivot was found.
    public let column: Int
    public var description: String { "matrix is singular (no pivot in column \(column))" }
}

/// LU factorization with partial (row) pivoting, P A = L U, of a square dense matrix.
///
/// Used for the Rosenbrock stage systems and Newton steps. Factor once, solve many.
public struct LUFactorization: Sendable {
    public let dimension: Int
    /// L (unit diagonal, below) and U (on and above the diagonal), row-major.
    private var factors: [Double]
    /// `pivots[k]` is the row swapped with row k at elimination step k.
    private var pivots: [Int]

    /// Factors `matrix`. Throws `SingularMatrixError` when a pivot is exactly zero or not finite.
    public init(_ matrix: DenseMatrix) throws {
        precondition(matrix.rows == matrix.columns, "LU needs a square matrix")
        let n = matrix.rows
        var lu = matrix.storage
        var swaps = Array(0..<n)
        // Unsafe pointers keep the O(n^3) loop fast in unoptimised builds too.
        let failedColumn: Int? = lu.withUnsafeMutableBufferPointer { a in
            for k in 0..<n {
                var pivotRow = k
                var largest = abs(a[k * n + k])
                for i in (k + 1)..<n where abs(a[i * n + k]) > largest {
                    largest = abs(a[i * n + k])
                    pivotRow = i
                }
                guard largest > 0, largest.isFinite else { return k }
                swaps[k] = pivotRow
                if pivotRow != k {
                    for j in 0..<n { a.swapAt(k * n + j, pivotRow * n + j) }
                }
                let pivot = a[k * n + k]
                for i in (k + 1)..<n {
                    let factor = a[i * n + k] / pivot
                    a[i * n + k] = factor
                    if factor == 0 { continue }
                    var j = k + 1
                    while j < n {
                        a[i * n + j] -= factor * a[k * n + j]
                        j += 1
                    }
                }
            }
            return nil
        }
        if let failedColumn { throw SingularMatrixError(column: failedColumn) }
        dimension = n
        factors = lu
        pivots = swaps
    }

    /// Solves A x = b in place: `b` holds x on return.
    public func solve(_ b: inout [Double]) {
        precondition(b.count == dimension, "right-hand side length does not match the matrix")
        let n = dimension
        factors.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { x in
                for k in 0..<n where pivots[k] != k { x.swapAt(k, pivots[k]) }
                for i in 0..<n {
                    var sum = x[i]
                    var j = 0
                    while j < i { sum -= a[i * n + j] * x[j]; j += 1 }
                    x[i] = sum
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var sum = x[i]
                    var j = i + 1
                    while j < n { sum -= a[i * n + j] * x[j]; j += 1 }
                    x[i] = sum / a[i * n + i]
                }
            }
        }
    }
}
