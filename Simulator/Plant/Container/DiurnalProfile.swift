/// A daily pattern given as hourly factors: rescaled to mean 1, linear between the hours and
/// periodic over 24 h (so 23:30 lies between the 23:00 and the 00:00 factor).
public struct DiurnalProfile: Equatable, Sendable {
    /// The 24 rescaled factors, from 00:00.
    public let factors: [Double]

    /// A profile from hourly factors (any positive scale; empty or all-zero gives a flat profile).
    public init(hourly: [Double]) {
        let mean = hourly.isEmpty ? 0 : hourly.reduce(0, +) / Double(hourly.count)
        factors = mean > 0 ? hourly.map { $0 / mean } : [1]
    }

    /// The factor at `seconds` since midnight of day 0.
    public func factor(atSecond seconds: Double) -> Double {
        let count = factors.count
        guard count > 1 else { return factors[0] }
        let hours = (seconds / 3600).truncatingRemainder(dividingBy: 24)
        let position = (hours < 0 ? hours + 24 : hours) * Double(count) / 24
        let index = Int(position) % count
        let fraction = position - Double(Int(position))
        return factors[index] + fraction * (factors[(index + 1) % count] - factors[index])
    }
}
