import Plant
import Testing

@Suite struct LUFactorizationTests {
    @Test func solvesASystemThatNeedsPivoting() throws {
        // A zero in the (0, 0) position fails without row exchanges.
        let a = DenseMatrix([[0, 2, 1], [1, 1, 1], [4, -1, 3]])
        let x = [1.0, -2, 3]
        var b = a.multiplied(by: x)
        try LUFactorization(a).solve(&b)
        for i in 0..<3 { #expect(abs(b[i] - x[i]) < 1e-12) }
    }

    @Test func singularMatrixIsRejected() {
        let a = DenseMatrix([[1, 2], [2, 4]])
        #expect(throws: SingularMatrixError.self) { try LUFactorization(a) }
    }
}
