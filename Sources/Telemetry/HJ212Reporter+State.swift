/// One open statistics period of an ``HJ212Reporter``, as saved to survive a restart.
public struct HJ212PeriodState: Sendable, Equatable {
    public var kind: HJ212DataKind
    /// Period length and start, ms (start in UTC).
    public var length: Int64
    public var start: Int64
    /// Factor codes in upload order, and each one's statistics so far.
    public var order: [String]
    public var factors: [String: HJ212FactorStatistics]

    public init(kind: HJ212DataKind, length: Int64, start: Int64, order: [String], factors: [String: HJ212FactorStatistics]) {
        self.kind = kind
        self.length = length
        self.start = start
        self.order = order
        self.factors = factors
    }
}

public extension HJ212Reporter {
    /// The minute, hour and day periods now open (none before the first sample).
    var openPeriods: [HJ212PeriodState] {
        periods.compactMap { period in
            period.start.map { HJ212PeriodState(kind: period.kind, length: period.length, start: $0, order: period.order,
                                                factors: period.factors) }
        }
    }

    /// Takes back periods saved before a restart, at `time` (ms UTC): a period still open (same
    /// kind, length and start) goes on accumulating; one that has ended is closed with what it
    /// had, and its upload is returned (flag as computed from its samples). Call before `add`.
    mutating func restore(_ saved: [HJ212PeriodState], at time: Int64) -> [HJ212Message] {
        var messages: [HJ212Message] = []
        for state in saved {
            guard let index = periods.firstIndex(where: { $0.kind == state.kind }) else { continue }
            let period = Period(kind: state.kind, length: state.length, start: state.start, factors: state.factors,
                                order: state.order)
            if state.length == periods[index].length, state.start == periods[index].start(of: time), periods[index].start == nil {
                periods[index] = period
            } else if let message = statistics(of: period) {
                messages.append(message)
            }
        }
        return messages
    }
}
