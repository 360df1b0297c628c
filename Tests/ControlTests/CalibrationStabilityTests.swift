import Control
import Testing

@Suite struct CalibrationStabilityTests {
    /// Feeds one sample a second from t = 0 and returns the status after each.
    func run(_ values: [Double], window: Double = 10, maxSpread: Double = 0.02, holdTime: Double = 5)
        -> [CalibrationStability] {
        var detector = CalibrationStabilityDetector(window: window, maxSpread: maxSpread, holdTime: holdTime)
        return values.enumerated().map { detector.update(Sample(value: $1, quality: .good, time: Double($0))) }
    }

    @Test func stableAfterWindowPlusHoldTime() {
        // Flat from t = 0: window full at t = 10, stable since then, 5 s later at t = 15.
        let status = run(Array(repeating: 7.0, count: 17))
        #expect(status[9].spread == nil)
        #expect(status[10].spread == 0 && !status[10].isStable)
        #expect(!status[14].isStable && status[14].stableFor == 4)
        #expect(status[15].isStable && status[16].isStable)
    }

    @Test func aDriftingReadingNeverSettles() {
        // 0.005 per second: spread over 10 s is 0.05, above 0.02.
        let status = run((0..<30).map { 7 + 0.005 * Double($0) })
        #expect(status.allSatisfy { !$0.isStable })
        #expect(abs((status[29].spread ?? 0) - 0.05) < 1e-9)
    }

    @Test func aDisturbanceRestartsTheHoldTime() {
        // Flat, a 0.05 blip at t = 12, flat again: the blip leaves the window at t = 23,
        // so the reading is stable again at 23 + 5 = 28, not before.
        var values = Array(repeating: 4.01, count: 30)
        values[12] = 4.06
        let status = run(values)
        #expect(!status[12].isStable && status[12].stableFor == 0)
        #expect(!status[27].isStable)
        #expect(status[28].isStable)
    }

    @Test func badSampleStartsOver() {
        var detector = CalibrationStabilityDetector(window: 2, maxSpread: 0.1, holdTime: 0)
        for t in 0...2 { _ = detector.update(Sample(value: 1, quality: .good, time: Double(t))) }
        #expect(detector.update(Sample(value: 1, quality: .good, time: 3)).isStable)
        #expect(!detector.update(Sample(value: 1, quality: .bad, time: 4)).isStable)
        #expect(!detector.update(Sample(value: 1, quality: .good, time: 5)).isStable)
        #expect(detector.update(Sample(value: 1, quality: .good, time: 7)).isStable)
    }
}
