/// A small dense matrix of doubles, stored row by row.
///
/// Plant models here have at most a few hundred states, where a dense LU is cheaper
/// and simpler than any sparse scheme.
public struct DenseMatrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major storage: element (i, j) is `storage[i * columns + j]`.
    public var storage: [Double]

    /// A `rows` x `columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from its rows; all rows must have the same length.
    public init(_ rowValues: [[Double]]) {
        let columns = rowValues.first?.count ?? 0
        precondition(rowValues.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.rows = rowValues.count
        self.columns = columns
        storage = rowValues.flatMap { $0 }
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Matrix-vector product A x.
    public func multiplied(by x: [Double]) -> [Double] {
        precondition(x.count == columns, "vector length does not match the matrix")
        var result = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var sum = 0.0
            for j in 0..<columns { sum += storage[i * columns + j] * x[j] }
            result[i] = sum
        }
        return result
    }
}
