/// The most a dosing pump may deliver in any hour: a volume (litres) or a running time
/// (seconds), summed over a sliding hour kept as 60 one-minute buckets. The window is
/// therefore between 59 and 60 minutes long; an overdose guard errs on the cautious side
/// only by that minute. Exhausted means: stop and report until old doses leave the window.
public struct DosingBudget: Sendable, Equatable {
    public enum Limit: Sendable, Equatable {
        /// Litres per hour; each scan's dose is its demand × the pump's capacity.
        case volume(litresPerHour: Double)
        /// Seconds the pump may run per hour.
        case onTime(secondsPerHour: Double)

        var amount: Double {
            switch self {
            case .volume(let litres): litres
            case .onTime(let seconds): seconds
            }
        }
    }

    public let limit: Limit
    /// Amount in each one-minute bucket, oldest first after `currentBucket`.
    private var buckets = [Double](repeating: 0, count: 60)
    private var currentBucket = 0
    /// Seconds into the present minute.
    private var minuteElapsed = 0.0

    /// Throws when the limit is not finite and positive.
    public init(limit: Limit) throws(ControlParameterError) {
        guard limit.amount.isFinite, limit.amount > 0 else {
            throw ControlParameterError(problems: ["max dose per hour must be finite and > 0"])
        }
        self.limit = limit
    }

    /// Delivered in the window, litres or seconds as the limit is.
    public var used: Double { buckets.reduce(0, +) }
    /// What is left before the budget is exhausted, never negative.
    public var remaining: Double { max(0, limit.amount - used) }
    /// The relative tolerance keeps a sum of many small doses that equals the limit from
    /// reading a hair below it.
    public var isExhausted: Bool { used >= limit.amount * (1 - 1e-9) }

    /// Advances by `dt` seconds and books `amount` (litres or seconds) delivered during it.
    public mutating func record(_ amount: Double, dt: Double) {
        guard dt.isFinite, dt > 0 else { return }
        // Booked in the minute the interval ends in or before, then the minutes roll on.
        if amount.isFinite, amount > 0 { buckets[currentBucket] += amount }
        minuteElapsed += dt
        // A long gap empties the window instead of looping over more than an hour of minutes.
        var turns = min(Int(minuteElapsed / 60), buckets.count)
        minuteElapsed = minuteElapsed.truncatingRemainder(dividingBy: 60)
        while turns > 0 {
            currentBucket = (currentBucket + 1) % buckets.count
            buckets[currentBucket] = 0
            turns -= 1
        }
    }
}
