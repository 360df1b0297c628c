/// How far control logic may trust a value.
///
/// Field I/O knows *why* a value is bad (comm-fail, stale, device exception); control
/// only needs to know whether it may act on it.
public enum SampleQuality: Int, Sendable, Comparable, CaseIterable {
    /// Do not act on it: substitute, hold, or go to the safe state.
    case bad = 0
    /// Usable with care (e.g. a held or substituted value, a sensor in calibration).
    case uncertain = 1
    case good = 2

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One value of a process variable at one time, as the scan sees it.
public struct Sample: Sendable, Equatable {
    public var value: Double
    public var quality: SampleQuality
    /// Monotonic time of the measurement, in seconds.
    public var time: Double

    public init(value: Double, quality: SampleQuality, time: Double) {
        self.value = value
        self.quality = quality
        self.time = time
    }

    /// A sample control may act on: good or uncertain quality and a finite value.
    public var isUsable: Bool { quality >= .uncertain && value.isFinite }

    /// The worse of two qualities propagates through any computation that combines them.
    public func combined(with other: Sample, value: Double) -> Sample {
        Sample(value: value, quality: min(quality, other.quality), time: max(time, other.time))
    }
}
