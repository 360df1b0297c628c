/// Which entries of a square Jacobian may be nonzero: entry (i, j) is in the pattern when
/// f_i may depend on y_j. A superset is always safe; a missing entry makes the Jacobian inexact.
///
/// Plants couple their reactors only through flows and their settler layers only with their
/// neighbours, so a 158-state BSM1 Jacobian has about a tenth of its entries nonzero. The
/// pattern lets `NumericalJacobian` perturb structurally independent columns together and
/// `SparseLUFactorization` skip the zeros.
public struct SparsityPattern: Equatable, Sendable {
    /// Number of states (rows and columns).
    public let dimension: Int
    /// `columns[i]`: the columns of row i that may be nonzero, increasing.
    public private(set) var columns: [[Int]]

    /// An empty pattern (no entries, not even the diagonal) of `dimension` x `dimension`.
    public init(dimension: Int) {
        precondition(dimension >= 0, "dimension must not be negative")
        self.dimension = dimension
        columns = Array(repeating: [], count: dimension)
    }

    /// The full pattern: every entry may be nonzero.
    public static func dense(_ dimension: Int) -> SparsityPattern {
        var pattern = SparsityPattern(dimension: dimension)
        pattern.insert(rows: 0..<dimension, columns: 0..<dimension)
        return pattern
    }

    /// Whether (row, column) is in the pattern.
    public func contains(row: Int, column: Int) -> Bool {
        Self.position(of: column, in: columns[row]).found
    }

    /// Adds entry (row, column); adding it twice is harmless.
    public mutating func insert(row: Int, column: Int) {
        precondition(row >= 0 && row < dimension && column >= 0 && column < dimension, "entry outside the matrix")
        let (index, found) = Self.position(of: column, in: columns[row])
        if !found { columns[row].insert(column, at: index) }
    }

    /// Adds every entry of the block `rows` x `columns`.
    public mutating func insert(rows: Range<Int>, columns block: Range<Int>) {
        for i in rows { for j in block { insert(row: i, column: j) } }
    }

    /// Adds (rows[k], columns[k]) for each k: a diagonal between two equally long ranges.
    public mutating func insertDiagonal(rows: Range<Int>, columns block: Range<Int>) {
        precondition(rows.count == block.count, "a diagonal needs ranges of equal length")
        for (i, j) in zip(rows, block) { insert(row: i, column: j) }
    }

    /// Adds every entry of `other` shifted by `offset` rows and columns (a subsystem's pattern).
    public mutating func insert(_ other: SparsityPattern, at offset: Int) {
        for (i, row) in other.columns.enumerated() { for j in row { insert(row: offset + i, column: offset + j) } }
    }

    /// Number of entries.
    public var count: Int { columns.reduce(0) { $0 + $1.count } }

    /// Columns partitioned into groups that share no row (greedy colouring, Curtis, Powell and
    /// Reid 1974): one evaluation of f per group gives every column of the group.
    public func columnGroups() -> [[Int]] {
        var rowsOfColumn = Array(repeating: [Int](), count: dimension)
        for (i, row) in columns.enumerated() { for j in row { rowsOfColumn[j].append(i) } }
        var groups: [[Int]] = []
        // Rows already touched by each group.
        var used: [[Bool]] = []
        for j in 0..<dimension {
            let rows = rowsOfColumn[j]
            if let g = used.firstIndex(where: { taken in !rows.contains { taken[$0] } }) {
                groups[g].append(j)
                for i in rows { used[g][i] = true }
            } else {
                groups.append([j])
                var taken = Array(repeating: false, count: dimension)
                for i in rows { taken[i] = true }
                used.append(taken)
            }
        }
        return groups
    }

    private static func position(of column: Int, in row: [Int]) -> (index: Int, found: Bool) {
        var low = 0, high = row.count
        while low < high {
            let middle = (low + high) / 2
            if row[middle] < column { low = middle + 1 } else { high = middle }
        }
        return (low, low < row.count && row[low] == column)
    }
}
