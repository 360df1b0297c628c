@testable import Cosim
import Testing

@Suite struct ExpectationCheckTests {
    func expectation(_ kind: String) -> ScenarioExpectation {
        ScenarioExpectation(kind: kind, signal: "x", target: .number(2), tolerance: 0.1, fraction: 0.75, output: "y", value: 0,
                    scans: 2, after_fault: "f", alarm: "a", within_s: 1, limit: 3, from_h: nil, to_h: nil, from_day: nil, to_day: nil)
    }

    @Test func withinCountsTheShareOfScansNearTheTarget() {
        var check = ExpectationCheck(expectation("within"), faultWindow: nil)
        for (t, x) in [(0.0, 2.0), (1, 2.05), (2, 2.5), (3, 1.95)] {
            check.observe(time: t, safeOutputs: [:]) { $0 == "x" ? x : nil }
        }
        #expect(check.outcome.passed)   // 3 of 4 = 75 %
        check.observe(time: 4, safeOutputs: [:]) { _ in 9 }
        #expect(!check.outcome.passed)  // 3 of 5
    }

    @Test(arguments: [([0.0, 0, 0, 0], true), ([5.0, 0, 0, 0], true), ([5.0, 5, 0, 0], false), ([0.0, 5, 0, 0], false)])
    func safeWithinScansNeedsTheSafeValueInTimeAndHeld(outputs: [Double], passes: Bool) {
        var check = ExpectationCheck(expectation("safe_within_scans"), faultWindow: (start: 1, end: 100))
        check.observe(time: 0, safeOutputs: ["y": 0]) { _ in 5 }   // before the fault: not counted
        for (i, y) in outputs.enumerated() {
            check.observe(time: Double(i + 1), safeOutputs: ["y": 0]) { $0 == "y" ? y : nil }
        }
        #expect(check.outcome.passed == passes, "\(check.outcome.detail)")
    }

    @Test func alarmMustComeWithinItsTime() {
        var late = ExpectationCheck(expectation("alarm"), faultWindow: (start: 10, end: .infinity))
        var early = late
        for t in stride(from: 9.0, through: 13, by: 0.5) {
            late.observe(time: t, safeOutputs: [:]) { _ in t >= 12 ? 1 : 0 }
            early.observe(time: t, safeOutputs: [:]) { _ in t >= 10.5 ? 1 : 0 }
        }
        #expect(!late.outcome.passed)
        #expect(early.outcome.passed)
    }

    @Test func belowTracksTheLargestValue() {
        var check = ExpectationCheck(expectation("below"), faultWindow: nil)
        check.observe(time: 0, safeOutputs: [:]) { _ in 2.9 }
        #expect(check.outcome.passed)
        check.observe(time: 1, safeOutputs: [:]) { _ in 3.1 }
        #expect(!check.outcome.passed)
    }
}
