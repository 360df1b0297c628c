import Control
import Testing

@Suite struct SampleTests {
    @Test(arguments: [
        (1.0, SampleQuality.good, true),
        (1.0, .uncertain, true),
        (1.0, .bad, false),
        (Double.nan, .good, false),
        (Double.infinity, .good, false),
    ])
    func usability(value: Double, quality: SampleQuality, usable: Bool) {
        #expect(Sample(value: value, quality: quality, time: 0).isUsable == usable)
    }

    @Test func combiningTakesTheWorseQualityAndTheNewerTime() {
        let a = Sample(value: 2, quality: .good, time: 10)
        let b = Sample(value: 3, quality: .uncertain, time: 12)
        let sum = a.combined(with: b, value: a.value + b.value)
        #expect(sum == Sample(value: 5, quality: .uncertain, time: 12))
    }
}
