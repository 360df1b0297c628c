/// Turns samples of the unit's HJ 212 factors into data uploads: real-time data (2011) every
/// `realtimeInterval`, and minute (2051), hour (2061) and day (2031) statistics when a period ends.
/// Periods are aligned to China Standard Time (UTC+8): a day runs from 00:00 CST. Pure and
/// time-driven: `add` is given each sample's time, so tests need no clock. With a `cumulation`
/// the statistics of the flow and mass pollutants carry `Cou` (real-time data never does).
/// Values are printed in each factor's appendix B format (``HJ212FactorCatalog/formats``); a sample
/// too large for its format is clamped and flagged (see ``fitted(_:)``).
public struct HJ212Reporter: Sendable {
    public let identity: HJ212Identity
    public private(set) var realtimeIntervalMilliseconds: Int64
    /// Decimal places of a factor appendix B (as Floc knows it) gives no format.
    public let decimals: Int
    public let cumulation: HJ212Cumulation?
    private var lastRealtime: Int64?
    var periods: [Period]
    /// The last sample batch: its rates and concentrations hold until the next one (for `Cou`).
    private var previous: Batch?
    /// Factors whose samples did not fit their format, reported once each by ``takeOverRange()``.
    var overRangeReported: Set<String> = []
    var overRangePending: [HJ212OverRange] = []

    static let chinaOffset: Int64 = 8 * 3_600_000

    struct Period: Sendable {
        var kind: HJ212DataKind
        var length: Int64
        var start: Int64?
        var factors: [String: HJ212FactorStatistics] = [:]
        var order: [String] = []

        /// The start (ms UTC) of the period holding `time`.
        func start(of time: Int64) -> Int64 {
            let local = time + HJ212Reporter.chinaOffset
            return local - ((local % length) + length) % length - HJ212Reporter.chinaOffset
        }

        mutating func update(_ code: String, _ change: (inout HJ212FactorStatistics) -> Void) {
            if factors[code] == nil { order.append(code) }
            change(&factors[code, default: HJ212FactorStatistics()])
        }
    }

    struct Batch: Sendable {
        var time: Int64
        var values: [String: (value: Double, flag: HJ212DataFlag)]
    }

    /// `minuteInterval`: minutes per 2051 period (1...60, dividing 60); `decimals`: places of a factor
    /// appendix B gives no format (the others use theirs, ``HJ212FactorCatalog/formats``).
    public init(identity: HJ212Identity, realtimeInterval seconds: Double, minuteInterval minutes: Int, decimals: Int = 2,
                cumulation: HJ212Cumulation? = nil) {
        precondition(minutes >= 1 && 60 % minutes == 0, "minute interval must divide 60")
        self.identity = identity
        realtimeIntervalMilliseconds = Int64(seconds * 1000)
        self.decimals = decimals
        self.cumulation = cumulation
        periods = [Period(kind: .minute, length: Int64(minutes) * 60_000), Period(kind: .hour, length: 3_600_000),
                   Period(kind: .day, length: 86_400_000)]
    }

    /// The intervals now in use (whole seconds and minutes).
    public var intervals: HJ212Intervals {
        HJ212Intervals(realTimeSeconds: Int(realtimeIntervalMilliseconds / 1000), minuteMinutes: Int(periods[0].length / 60_000))
    }

    /// Intervals set by the platform (CN 1062/1064): the real-time one from the next sample; a new
    /// minute-period length ends the open minute period at the next sample (its statistics are sent
    /// with its start as DataTime) and aligns the next ones to the new length.
    public mutating func apply(_ intervals: HJ212Intervals) {
        precondition(intervals.minuteMinutes >= 1 && 60 % intervals.minuteMinutes == 0, "minute interval must divide 60")
        realtimeIntervalMilliseconds = Int64(intervals.realTimeSeconds) * 1000
        periods[0].length = Int64(intervals.minuteMinutes) * 60_000
    }

    /// One sample (time ms UTC; each factor's value and flag): the uploads now due, in order.
    public mutating func add(timestampMilliseconds time: Int64,
                             _ samples: [(code: String, value: Double, flag: HJ212DataFlag)]) -> [HJ212Message] {
        let factors = samples.map { fitted($0) }
        var messages: [HJ212Message] = []
        for index in periods.indices {
            let start = periods[index].start(of: time)
            if let current = periods[index].start {
                cumulate(into: &periods[index], periodStart: current, until: time)
                if current != start {
                    if let message = statistics(of: periods[index]) { messages.append(message) }
                    periods[index].factors = [:]
                    periods[index].order = []
                    cumulate(into: &periods[index], periodStart: start, until: time)
                }
            }
            periods[index].start = start
            for factor in factors {
                periods[index].update(factor.code) { $0.add(factor.value, flag: factor.flag) }
            }
        }
        previous = Batch(time: time, values: Dictionary(factors.map { ($0.code, ($0.value, $0.flag)) }) { first, _ in first })
        if lastRealtime.map({ time - $0 >= realtimeIntervalMilliseconds }) ?? true {
            lastRealtime = time
            let values = factors.map {
                HJ212FactorValue(code: $0.code, rtd: $0.value, flag: $0.flag, decimals: format(of: $0.code).decimals)
            }
            messages.append(.data(.realTime, identity: identity, timestampMilliseconds: time, factors: values))
        }
        return messages
    }

    /// Adds to `period` (starting at `periodStart`) the volume and masses of the interval from the
    /// previous batch to `time`, cut to the period and to the hold limit. A negative rate or
    /// concentration (an instrument's noise around zero) counts as nothing discharged.
    private func cumulate(into period: inout Period, periodStart: Int64, until time: Int64) {
        guard let cumulation, let previous, let flow = previous.values[cumulation.flowCode], flow.value.isFinite else { return }
        let from = max(previous.time, periodStart)
        let to = min(time, previous.time + cumulation.holdMilliseconds, periodStart + period.length)
        guard to > from else { return }
        let volume = max(0, flow.value) * cumulation.flowUnit.cubicMetresPerSecond * Double(to - from) / 1000
        period.update(cumulation.flowCode) { $0.addCumulative(volume, normal: flow.flag == .normal) }
        for code in cumulation.massCodes {
            guard let sample = previous.values[code], sample.value.isFinite else { continue }
            // mg/L x m3 = g; / 1000 = kg. A mass is N only when both concentration and flow were.
            let mass = max(0, sample.value) * volume / 1000
            period.update(code) { $0.addCumulative(mass, normal: sample.flag == .normal && flow.flag == .normal) }
        }
    }

    /// The statistics upload of `period` (DataTime = its start); nil when it holds no sample.
    func statistics(of period: Period) -> HJ212Message? {
        guard let start = period.start else { return nil }
        let values = period.order.compactMap { code in
            period.factors[code]?.value(code: code, decimals: format(of: code).decimals, couDecimals: couDecimals(of: code))
        }
        return values.isEmpty ? nil : .data(period.kind, identity: identity, timestampMilliseconds: start, factors: values)
    }

    private func couDecimals(of code: String) -> Int? {
        guard let cumulation else { return nil }
        // Appendix B gives no format of its own to `Cou`: the volume keeps the flow's decimals.
        if code == cumulation.flowCode { return format(of: code).decimals }
        return cumulation.massCodes.contains(code) ? cumulation.massDecimals : nil
    }
}
