/// LU factorization without pivoting of a square matrix with a known sparsity pattern,
/// A = L U, storing and touching only the pattern and its fill-in.
///
/// Made for the Rosenbrock stage matrices I/(h gamma) - J, whose large diagonal makes the
/// natural pivot order safe for the step sizes the error control picks. The symbolic part
/// (fill-in) is computed once per pattern; `factor` then reuses its buffers and allocates
/// nothing. When a pivot is zero, not finite or tiny against its row, `factor` throws so the
/// caller can fall back to `LUFactorization` with partial pivoting.
public struct SparseLUFactorization: Sendable {
    public let dimension: Int
    /// Elimination order: row and column `order[k]` of the matrix is row and column k of the factors.
    private let order: [Int]
    /// Row i's strictly lower entries are `lowerColumns[lowerStart[i]..<lowerStart[i + 1]]`.
    private let lowerStart: [Int], lowerColumns: [Int]
    private let upperStart: [Int], upperColumns: [Int]
    /// Where each entry of the factors comes from in the matrix's row-major storage.
    private let lowerSource: [Int], upperSource: [Int], diagonalSource: [Int]
    private var lowerValues: [Double], upperValues: [Double]
    /// 1 / U[i, i].
    private var inverseDiagonal: [Double]
    /// One dense row, scattered to and gathered from during `factor`.
    private var row: [Double]
    /// Entries of L and U, fill-in included, without the diagonal.
    public var entryCount: Int { lowerColumns.count + upperColumns.count }

    /// Prepares the factorization of matrices with (at most) the entries of `pattern`, plus the diagonal.
    /// Rows and columns are eliminated in a minimum-degree order (the same permutation for both, so
    /// the pivots stay on the diagonal), which keeps the fill-in of the plant's recycle loops small.
    public init(pattern: SparsityPattern) {
        let n = pattern.dimension
        let order = Self.minimumDegreeOrder(pattern)
        var position = [Int](repeating: 0, count: n)
        for (k, old) in order.enumerated() { position[old] = k }
        var filled = [Bool](repeating: false, count: n * n)
        for (i, row) in pattern.columns.enumerated() {
            for j in row { filled[position[i] * n + position[j]] = true }
            filled[position[i] * n + position[i]] = true
        }
        // Symbolic elimination: (i, j) fills when L(i, k) and U(k, j) exist.
        for k in 0..<n {
            let upper = ((k + 1)..<n).filter { filled[k * n + $0] }
            for i in (k + 1)..<n where filled[i * n + k] {
                for j in upper { filled[i * n + j] = true }
            }
        }
        var lowerStart = [0], lowerColumns: [Int] = [], upperStart = [0], upperColumns: [Int] = []
        var lowerSource: [Int] = [], upperSource: [Int] = [], diagonalSource: [Int] = []
        for i in 0..<n {
            let lower = (0..<i).filter { filled[i * n + $0] }, upper = ((i + 1)..<n).filter { filled[i * n + $0] }
            lowerColumns += lower
            upperColumns += upper
            lowerSource += lower.map { order[i] * n + order[$0] }
            upperSource += upper.map { order[i] * n + order[$0] }
            diagonalSource.append(order[i] * n + order[i])
            lowerStart.append(lowerColumns.count)
            upperStart.append(upperColumns.count)
        }
        dimension = n
        self.order = order
        self.lowerStart = lowerStart
        self.lowerColumns = lowerColumns
        self.upperStart = upperStart
        self.upperColumns = upperColumns
        self.lowerSource = lowerSource
        self.upperSource = upperSource
        self.diagonalSource = diagonalSource
        lowerValues = [Double](repeating: 0, count: lowerColumns.count)
        upperValues = [Double](repeating: 0, count: upperColumns.count)
        inverseDiagonal = [Double](repeating: 0, count: n)
        row = [Double](repeating: 0, count: n)
    }

    /// Greedy minimum degree on the symmetrised pattern (Tinney and Walker 1967, scheme 2): eliminate
    /// the vertex with the fewest neighbours, join its neighbours, repeat; ties go to the lower index.
    static func minimumDegreeOrder(_ pattern: SparsityPattern) -> [Int] {
        let n = pattern.dimension
        var adjacent = [Set<Int>](repeating: [], count: n)
        for (i, row) in pattern.columns.enumerated() {
            for j in row where j != i {
                adjacent[i].insert(j)
                adjacent[j].insert(i)
            }
        }
        var eliminated = [Bool](repeating: false, count: n)
        var order: [Int] = []
        for _ in 0..<n {
            var best = -1
            for v in 0..<n where !eliminated[v] && (best < 0 || adjacent[v].count < adjacent[best].count) { best = v }
            eliminated[best] = true
            order.append(best)
            let neighbours = adjacent[best]
            for u in neighbours {
                adjacent[u].remove(best)
                adjacent[u].formUnion(neighbours.subtracting([u]))
            }
        }
        return order
    }

    /// Factors `scale` x `matrix` + `diagonalShift` x I. Entries of `matrix` outside the pattern and
    /// its fill-in are ignored (they must be zero). Throws `SingularMatrixError` naming the column of a
    /// pivot that is zero, not finite or below 1e-12 of its row's largest entry.
    public mutating func factor(_ matrix: DenseMatrix, scale: Double = 1, diagonalShift: Double = 0) throws(SingularMatrixError) {
        precondition(matrix.rows == dimension && matrix.columns == dimension, "matrix does not match the pattern")
        let n = dimension
        let failed: Int? = matrix.storage.withUnsafeBufferPointer { a in
            row.withUnsafeMutableBufferPointer { w in
                lowerValues.withUnsafeMutableBufferPointer { lv in upperValues.withUnsafeMutableBufferPointer { uv in
                    inverseDiagonal.withUnsafeMutableBufferPointer { d in
                        lowerColumns.withUnsafeBufferPointer { lc in upperColumns.withUnsafeBufferPointer { uc in
                            for i in 0..<n {
                                var largest = 0.0
                                for p in lowerStart[i]..<lowerStart[i + 1] {
                                    w[lc[p]] = scale * a[lowerSource[p]]
                                    largest = max(largest, abs(w[lc[p]]))
                                }
                                for p in upperStart[i]..<upperStart[i + 1] {
                                    w[uc[p]] = scale * a[upperSource[p]]
                                    largest = max(largest, abs(w[uc[p]]))
                                }
                                w[i] = scale * a[diagonalSource[i]] + diagonalShift
                                largest = max(largest, abs(w[i]))
                                for p in lowerStart[i]..<lowerStart[i + 1] {
                                    let k = lc[p]
                                    let l = w[k] * d[k]
                                    w[k] = l
                                    if l == 0 { continue }
                                    var q = upperStart[k]
                                    let end = upperStart[k + 1]
                                    while q < end { w[uc[q]] -= l * uv[q]; q += 1 }
                                }
                                let pivot = w[i]
                                guard pivot.isFinite, abs(pivot) > 1e-12 * largest else { return order[i] }
                                d[i] = 1 / pivot
                                for p in lowerStart[i]..<lowerStart[i + 1] { lv[p] = w[lc[p]] }
                                for p in upperStart[i]..<upperStart[i + 1] { uv[p] = w[uc[p]] }
                            }
                            return nil
                        } }
                    }
                } }
            }
        }
        if let failed { throw SingularMatrixError(column: failed) }
    }

    /// Solves A x = b in place with the last successful `factor`: `b` holds x on return.
    public func solve(_ b: inout [Double]) {
        precondition(b.count == dimension, "right-hand side length does not match the matrix")
        b.withUnsafeMutableBufferPointer { x in solve(x.baseAddress!) }
    }

    /// Pointer form of `solve`, for callers that keep their vectors in one buffer.
    func solve(_ b: UnsafeMutablePointer<Double>) {
        let n = dimension
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buffer in
            let x = buffer.baseAddress!
            for k in 0..<n { x[k] = b[order[k]] }
            solvePermuted(x)
            for k in 0..<n { b[order[k]] = x[k] }
        }
    }

    private func solvePermuted(_ x: UnsafeMutablePointer<Double>) {
        let n = dimension
        lowerValues.withUnsafeBufferPointer { lv in upperValues.withUnsafeBufferPointer { uv in
            lowerColumns.withUnsafeBufferPointer { lc in upperColumns.withUnsafeBufferPointer { uc in
                lowerStart.withUnsafeBufferPointer { ls in upperStart.withUnsafeBufferPointer { us in
                    inverseDiagonal.withUnsafeBufferPointer { d in
                        for i in 0..<n {
                            x[i] -= Self.dot(lv.baseAddress!, lc.baseAddress!, from: ls[i], to: ls[i + 1], x)
                        }
                        for i in stride(from: n - 1, through: 0, by: -1) {
                            x[i] = (x[i] - Self.dot(uv.baseAddress!, uc.baseAddress!, from: us[i], to: us[i + 1], x)) * d[i]
                        }
                    }
                } }
            } }
        } }
    }

    /// sum of values[p] x[columns[p]] for p in start..<end, with four partial sums so the additions
    /// do not wait on each other (a single running sum is bound by the adder's latency).
    @inline(__always)
    private static func dot(_ values: UnsafePointer<Double>, _ columns: UnsafePointer<Int>, from start: Int, to end: Int,
                            _ x: UnsafeMutablePointer<Double>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var p = start
        while p + 4 <= end {
            s0 += values[p] * x[columns[p]]
            s1 += values[p + 1] * x[columns[p + 1]]
            s2 += values[p + 2] * x[columns[p + 2]]
            s3 += values[p + 3] * x[columns[p + 3]]
            p += 4
        }
        while p < end { s0 += values[p] * x[columns[p]]; p += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}
