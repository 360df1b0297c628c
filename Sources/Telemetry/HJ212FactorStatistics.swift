/// Min/Avg/Max and `Cou` of one factor over one period, with its data flag. Statistics are taken
/// over the samples flagged N when there are any (the period is then N); otherwise over all
/// samples, flagged with the period's most frequent flag (ties: B, D, F, M, C, S, T). `Cou`
/// follows the same rule: the amounts of the intervals that began with an N sample when the
/// period has N samples, otherwise the amounts of all its intervals.
public struct HJ212FactorStatistics: Sendable, Equatable {
    var normal = Accumulator()
    var other = Accumulator()
    var flags: [HJ212DataFlag: Int] = [:]

    struct Accumulator: Sendable, Equatable {
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var sum = 0.0
        var count = 0
        /// Volume (m3) or mass (kg) discharged over the intervals counted here.
        var cumulative = 0.0

        mutating func add(_ value: Double) {
            minimum = min(minimum, value)
            maximum = max(maximum, value)
            sum += value
            count += 1
        }
    }

    public init() {}

    /// One sample; non-finite values are ignored.
    public mutating func add(_ value: Double, flag: HJ212DataFlag) {
        guard value.isFinite else { return }
        if flag == .normal { normal.add(value) } else { other.add(value) }
        flags[flag, default: 0] += 1
    }

    /// An interval's discharged amount (m3 or kg), counted with the N samples when `normal`.
    public mutating func addCumulative(_ amount: Double, normal isNormal: Bool) {
        guard amount.isFinite else { return }
        if isNormal { normal.cumulative += amount } else { other.cumulative += amount }
    }

    /// True when no finite sample was added.
    public var isEmpty: Bool { normal.count == 0 && other.count == 0 }

    static let precedence: [HJ212DataFlag] = [.communication, .fault, .stopped, .maintenance, .calibration, .manual, .overLimit]

    /// Nil when no finite value was added. `couDecimals` nil: no `Cou` (the factor carries none).
    public func value(code: String, decimals: Int, couDecimals: Int? = nil) -> HJ212FactorValue? {
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
                                cou: couDecimals == nil ? nil : used.cumulative, flag: flag, decimals: decimals,
                                couDecimals: couDecimals)
    }
}
