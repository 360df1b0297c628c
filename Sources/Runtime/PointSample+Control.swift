import Control
import FieldIO

extension PointQuality {
    /// How far control may trust a point: the one place field quality becomes control quality.
    public var controlQuality: SampleQuality {
        switch self {
        case .good: .good
        // The value was read and is the device's, but what was written did not stick.
        case .verifyMismatch: .uncertain
        case .outOfRange, .stale, .commFail, .badFrame, .deviceException, .notYetRead: .bad
        }
    }
}

extension PointSample {
    /// The sample as control logic sees it (time in monotonic seconds).
    public var controlSample: Sample {
        Sample(value: value, quality: quality.controlQuality, time: Double(time.nanoseconds) / 1e9)
    }
}
