/// One series over one rollup interval: what remains of raw history after `raw_days`.
public struct HistoryRollup: Sendable, Equatable {
    /// Interval start, ms since the Unix epoch (UTC).
    public var start: Int64
    /// Interval length, ms.
    public var span: Int64
    /// Samples in the interval, NaN ones included.
    public var count: Int
    /// Over the finite values; NaN when there were none.
    public var min: Double
    public var average: Double
    public var max: Double
    /// The worst quality of any sample in the interval.
    public var worst: HistoryQuality

    public init(start: Int64, span: Int64, count: Int, min: Double, average: Double, max: Double, worst: HistoryQuality) {
        self.start = start
        self.span = span
        self.count = count
        self.min = min
        self.average = average
        self.max = max
        self.worst = worst
    }
}

/// Accumulates samples into min, average, max, count and worst quality.
struct RollupAccumulator {
    var count = 0
    var finite = 0
    var sum = 0.0
    var min = Double.infinity
    var max = -Double.infinity
    var worst = HistoryQuality.good

    mutating func add(_ sample: HistorySample) {
        count += 1
        worst = Swift.max(worst, sample.quality)
        guard sample.value.isFinite else { return }
        finite += 1
        sum += sample.value
        min = Swift.min(min, sample.value)
        max = Swift.max(max, sample.value)
    }

    /// Folds another interval in (weighted by its finite values).
    mutating func add(_ rollup: HistoryRollup) {
        count += rollup.count
        worst = Swift.max(worst, rollup.worst)
        guard rollup.average.isFinite else { return }
        // A stored rollup's finite count is not kept; its samples are weighted as all finite.
        finite += rollup.count
        sum += rollup.average * Double(rollup.count)
        min = Swift.min(min, rollup.min)
        max = Swift.max(max, rollup.max)
    }

    func rollup(start: Int64, span: Int64) -> HistoryRollup {
        HistoryRollup(start: start, span: span, count: count, min: finite > 0 ? min : .nan,
                      average: finite > 0 ? sum / Double(finite) : .nan, max: finite > 0 ? max : .nan, worst: worst)
    }
}
