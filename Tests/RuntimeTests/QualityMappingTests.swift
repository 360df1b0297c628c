import Control
import FieldIO
import HAL
import Runtime
import Testing

@Suite struct QualityMappingTests {
    @Test(arguments: [
        (PointQuality.good, SampleQuality.good),
        (.verifyMismatch, .uncertain),
        (.outOfRange, .bad),
        (.stale, .bad),
        (.commFail, .bad),
        (.badFrame, .bad),
        (.deviceException(.illegalDataAddress), .bad),
        (.notYetRead, .bad),
    ])
    func onlyGoodFieldValuesAreGoodForControl(field: PointQuality, control: SampleQuality) {
        #expect(field.controlQuality == control)
    }

    @Test func sampleKeepsValueAndTimeInSeconds() {
        let sample = PointSample(value: 2.5, quality: .good, time: MonotonicInstant(nanoseconds: 1_500_000_000))
        #expect(sample.controlSample == Sample(value: 2.5, quality: .good, time: 1.5))
    }
}
