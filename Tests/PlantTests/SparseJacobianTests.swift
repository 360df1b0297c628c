import Foundation
import Plant
import Testing

/// The declared Jacobian structure of the BSM1 plants, grouped finite differences and the sparse LU.
@Suite struct SparseJacobianTests {
    static let plant = ActivatedSludgePlant(.bsm1OpenLoop, influent: .bsm1ConstantInfluent)

    /// The plant's neutral state scaled state by state by 0.5...1.5, so settler layers cross the
    /// 3000 g/m3 threshold and no two reactors hold the same liquor.
    static func scrambled(_ y: [Double], seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        return y.map { $0 * Double.random(in: 0.5...1.5, using: &random) }
    }

    static func controlled() -> (ControlledActivatedSludgePlant, [Double]) {
        var system = ControlledActivatedSludgePlant(plant: plant)
        let y = system.restingState(plantState: scrambled(plant.initialState(), seed: 7), kLa: 120, internalRecycle: 30_000)
        return (system, scrambled(y, seed: 8))
    }

    /// Every entry a column-by-column difference finds nonzero is in the declared pattern.
    static func expectPatternCovers<S: ODESystem>(_ system: S, at y: [Double]) throws {
        let pattern = try #require(system.jacobianSparsity)
        var f0 = [Double](repeating: 0, count: system.dimension)
        system.derivatives(of: y, into: &f0)
        let dense = NumericalJacobian().evaluate(system, at: y, f0: f0)
        var missing: [String] = []
        for i in 0..<system.dimension {
            for j in 0..<system.dimension where dense[i, j] != 0 && !pattern.contains(row: i, column: j) {
                missing.append("(\(i), \(j))")
            }
        }
        #expect(missing.isEmpty, "nonzero outside the pattern: \(missing.prefix(10))")
        // A pattern worth declaring: at most a sixth of the dense matrix.
        #expect(pattern.count * 6 < system.dimension * system.dimension)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func plantPatternCoversTheFiniteDifferenceJacobian(seed: UInt64) throws {
        try Self.expectPatternCovers(Self.plant, at: Self.scrambled(Self.plant.initialState(), seed: seed))
    }

    @Test func controlledPlantPatternCoversTheFiniteDifferenceJacobian() throws {
        let (system, y) = Self.controlled()
        try Self.expectPatternCovers(system, at: y)
    }

    @Test func columnGroupsShareNoRowAndCoverEveryColumnOnce() throws {
        let (system, _) = Self.controlled()
        let pattern = try #require(system.jacobianSparsity)
        let colouring = JacobianColouring(pattern)
        #expect(colouring.groups.flatMap { $0 }.sorted() == Array(0..<system.dimension))
        for group in colouring.groups {
            var seen = Set<Int>()
            for j in group {
                for i in 0..<system.dimension where pattern.contains(row: i, column: j) {
                    #expect(seen.insert(i).inserted, "row \(i) hit twice in a group")
                }
            }
        }
        // 158 columns in about 27 evaluations of f.
        #expect(colouring.groups.count < 35)
    }

    @Test func groupedDifferencesEqualColumnByColumnDifferences() throws {
        let (system, y) = Self.controlled()
        let colouring = JacobianColouring(try #require(system.jacobianSparsity))
        var f0 = [Double](repeating: 0, count: system.dimension)
        system.derivatives(of: y, into: &f0)
        let dense = NumericalJacobian().evaluate(system, at: y, f0: f0)
        var grouped = DenseMatrix(rows: system.dimension, columns: system.dimension)
        NumericalJacobian().evaluate(system, at: y, f0: f0, colouring: colouring, into: &grouped)
        var worst = 0.0
        for (a, b) in zip(dense.storage, grouped.storage) { worst = max(worst, abs(a - b) / max(abs(a), 1)) }
        #expect(worst < 1e-9)
    }

    /// The stage matrix of a closed-loop step: the sparse LU solves it as the dense LU does.
    @Test(arguments: [1e-4, 1e-2, 1.0])
    func sparseLUSolvesTheStageMatrixLikeTheDenseLU(step: Double) throws {
        let (system, y) = Self.controlled()
        let n = system.dimension
        var f0 = [Double](repeating: 0, count: n)
        system.derivatives(of: y, into: &f0)
        let jacobian = NumericalJacobian().evaluate(system, at: y, f0: f0)
        var sparse = SparseLUFactorization(pattern: try #require(system.jacobianSparsity))
        let diagonal = 1 / (step * 0.435866521508459)
        try sparse.factor(jacobian, scale: -1, diagonalShift: diagonal)
        var stage = jacobian
        for i in 0..<n * n { stage.storage[i] = -stage.storage[i] }
        for i in 0..<n { stage[i, i] += diagonal }
        let dense = try LUFactorization(stage)
        var x = f0, reference = f0
        sparse.solve(&x)
        dense.solve(&reference)
        let scale = reference.map(abs).max() ?? 1
        let worst = zip(x, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-9 * scale)
        // And it is a solution: the residual of the stage matrix is small.
        let residual = zip(stage.multiplied(by: x), f0).map { abs($0 - $1) }.max() ?? 0
        #expect(residual <= 1e-8 * (f0.map(abs).max() ?? 1))
        #expect(sparse.entryCount < 2000)
    }

    @Test func sparseLURefusesAZeroPivot() {
        var pattern = SparsityPattern(dimension: 3)
        pattern.insert(rows: 0..<3, columns: 0..<3)
        var lu = SparseLUFactorization(pattern: pattern)
        let singular = DenseMatrix([[1, 2, 0], [2, 4, 0], [0, 0, 1]])
        #expect(throws: SingularMatrixError.self) { try lu.factor(singular) }
        let regular = DenseMatrix([[4, 1, 0], [1, 3, 1], [0, 1, 2]])
        #expect(throws: Never.self) { try lu.factor(regular) }
        var b = regular.multiplied(by: [1, -2, 3])
        lu.solve(&b)
        #expect(zip(b, [1.0, -2, 3]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// Half an hour of closed loop from a scrambled state: the structured path lands where the dense
    /// one does, with far fewer evaluations of f per Jacobian.
    @Test func structuredIntegrationMatchesTheDensePath() throws {
        let (base, start) = Self.controlled()
        var system = base
        system.kLaCommand = 200
        system.internalRecycleCommand = 40_000
        func run(structured: Bool) throws -> ([Double], IntegratorStatistics) {
            var integrator = RosenbrockIntegrator(relativeTolerance: 1e-6, absoluteTolerance: 1e-6, tableau: .ros34pw2,
                                                  jacobianPolicy: .reuse(maximumAge: 50))
            integrator.usesDeclaredSparsity = structured
            var y = start
            for minute in 0..<30 {
                try integrator.integrate(system, state: &y, from: Double(minute) / 1440, to: Double(minute + 1) / 1440)
            }
            return (y, integrator.statistics)
        }
        let (sparse, sparseStatistics) = try run(structured: true)
        let (dense, denseStatistics) = try run(structured: false)
        let worst = zip(sparse, dense).map { abs($0 - $1) / (1e-3 + abs($1)) }.max() ?? 0
        #expect(worst < 1e-4)
        let perJacobian = { (s: IntegratorStatistics) in
            // One f(y) per accepted step and three stage evaluations per attempt; the rest is Jacobians.
            Double(s.functionEvaluations - s.acceptedSteps - 3 * (s.acceptedSteps + s.rejectedSteps)) / Double(s.jacobianEvaluations)
        }
        #expect(perJacobian(sparseStatistics) < perJacobian(denseStatistics) / 3)
    }
}
