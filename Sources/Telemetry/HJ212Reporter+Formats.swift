/// A sample too large for its factor's appendix B format: clamped to the format's largest value.
public struct HJ212OverRange: Sendable, Equatable {
    public var code: String
    /// The value as sampled, in the factor's unit.
    public var value: Double
    public var format: HJ212NumberFormat
    /// The value sent instead (the format's largest, with the sample's sign), and its flag.
    public var sent: Double
    public var flag: HJ212DataFlag
}

public extension HJ212Reporter {
    /// The number format of `code`'s Rtd/Min/Avg/Max: appendix B's, else `decimals` places, no limit.
    func format(of code: String) -> HJ212NumberFormat {
        HJ212FactorCatalog.format(of: code, fallbackDecimals: decimals)
    }

    /// The factors whose samples went beyond their format since the last call, each only the first
    /// time in the reporter's life (for a log line that does not repeat every second).
    mutating func takeOverRange() -> [HJ212OverRange] {
        defer { overRangePending = [] }
        return overRangePending
    }
}

extension HJ212Reporter {
    /// `sample` as it can be sent. A value wider than its format's integer digits (after rounding) is
    /// clamped to the largest value the format holds: a platform that parses the appendix B width
    /// would refuse a wider one, and cutting digits would send a wrong number. The clamped value is a
    /// bound, not a measurement, so an N sample becomes T ("over the upper limit", HJ 212-2017 table 6:
    /// the true value is above what is sent) or, below zero, D (no water factor goes that far negative
    /// but a faulty instrument). A sample already flagged otherwise keeps its flag. Non-finite values
    /// pass unchanged (the statistics skip them).
    mutating func fitted(_ sample: (code: String, value: Double, flag: HJ212DataFlag))
        -> (code: String, value: Double, flag: HJ212DataFlag) {
        let format = format(of: sample.code)
        guard sample.value.isFinite, !format.fits(sample.value), let largest = format.largest else { return sample }
        let sent = sample.value < 0 ? -largest : largest
        let flag: HJ212DataFlag = sample.flag == .normal ? (sample.value < 0 ? .fault : .overLimit) : sample.flag
        if overRangeReported.insert(sample.code).inserted {
            overRangePending.append(HJ212OverRange(code: sample.code, value: sample.value, format: format, sent: sent, flag: flag))
        }
        return (sample.code, sent, flag)
    }
}
