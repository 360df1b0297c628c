/// Turns samples of the unit's HJ 212 factors into data uploads: real-time data (2011) every
/// `realtimeInterval`, and minute (2051), hour (2061) and day (2031) statistics when a period ends.
/// Periods are aligned to China Standard Time (UTC+8): a day runs from 00:00 CST. Pure and
/// time-driven: `add` is given each sample's time, so tests need no clock.
public struct HJ212Reporter: Sendable {
    public let identity: HJ212Identity
    public private(set) var realtimeIntervalMilliseconds: Int64
    public let decimals: Int
    private var lastRealtime: Int64?
    private var periods: [Period]

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
    }

    /// `minuteInterval`: minutes per 2051 period (1...60, dividing 60).
    public init(identity: HJ212Identity, realtimeInterval seconds: Double, minuteInterval minutes: Int, decimals: Int = 2) {
        precondition(minutes >= 1 && 60 % minutes == 0, "minute interval must divide 60")
        self.identity = identity
        realtimeIntervalMilliseconds = Int64(seconds * 1000)
        self.decimals = decimals
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
                             _ factors: [(code: String, value: Double, flag: HJ212DataFlag)]) -> [HJ212Message] {
        var messages: [HJ212Message] = []
        for index in periods.indices {
            let start = periods[index].start(of: time)
            if let current = periods[index].start, current != start {
                let values = periods[index].order.compactMap { periods[index].factors[$0]?.value(code: $0, decimals: decimals) }
                if !values.isEmpty {
                    messages.append(.data(periods[index].kind, identity: identity, timestampMilliseconds: current, factors: values))
                }
                periods[index].factors = [:]
                periods[index].order = []
            }
            periods[index].start = start
            for factor in factors {
                if periods[index].factors[factor.code] == nil { periods[index].order.append(factor.code) }
                periods[index].factors[factor.code, default: HJ212FactorStatistics()].add(factor.value, flag: factor.flag)
            }
        }
        if lastRealtime.map({ time - $0 >= realtimeIntervalMilliseconds }) ?? true {
            lastRealtime = time
            let values = factors.map { HJ212FactorValue(code: $0.code, rtd: $0.value, flag: $0.flag, decimals: decimals) }
            messages.append(.data(.realTime, identity: identity, timestampMilliseconds: time, factors: values))
        }
        return messages
    }
}

/// Min/Avg/Max of one factor over one period, with its data flag. Statistics are taken over the
/// samples flagged N when there are any (the period is then N); otherwise over all samples, flagged
/// with the period's most frequent flag (ties: B, D, F, M, C, S, T). `Cou` is not computed.
public struct HJ212FactorStatistics: Sendable, Equatable {
    private var normal = Accumulator()
    private var other = Accumulator()
    private var flags: [HJ212DataFlag: Int] = [:]

    struct Accumulator: Sendable, Equatable {
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var sum = 0.0
        var count = 0

        mutating func add(_ value: Double) {
            minimum = min(minimum, value)
            maximum = max(maximum, value)
            sum += value
            count += 1
        }
    }

    public init() {}

    public mutating func add(_ value: Double, flag: HJ212DataFlag) {
        guard value.isFinite else { return }
        if flag == .normal { normal.add(value) } else { other.add(value) }
        flags[flag, default: 0] += 1
    }

    static let precedence: [HJ212DataFlag] = [.communication, .fault, .stopped, .maintenance, .calibration, .manual, .overLimit]

    /// Nil when no finite value was added.
    public func value(code: String, decimals: Int) -> HJ212FactorValue? {
        let (used, flag): (Accumulator, HJ212DataFlag)
        if normal.count > 0 {
            (used, flag) = (normal, .normal)
        } else if other.count > 0 {
            let most = Self.precedence.max { (flags[$0] ?? 0, -(Self.precedence.firstIndex(of: $0) ?? 0)) < (flags[$1] ?? 0, -(Self.precedence.firstIndex(of: $1) ?? 0)) }
            (used, flag) = (other, most ?? .fault)
        } else {
            return nil
        }
        return HJ212FactorValue(code: code, min: used.minimum, avg: used.sum / Double(used.count), max: used.maximum,
                                flag: flag, decimals: decimals)
    }
}
