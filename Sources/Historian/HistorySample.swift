/// One recorded value of one series.
public struct HistorySample: Sendable, CustomStringConvertible {
    /// Sample time, ms since the Unix epoch (UTC).
    public var time: Int64
    /// Engineering value; NaN when there was none (a loop before its first PV).
    public var value: Double
    public var quality: HistoryQuality

    public init(time: Int64, value: Double, quality: HistoryQuality) {
        self.time = time
        self.value = value
        self.quality = quality
    }

    public var description: String { "\(time) \(value) \(quality)" }
}

extension HistorySample: Equatable {
    /// Bit-for-bit on the value, so a stored NaN equals itself after a round trip.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.time == rhs.time && lhs.quality == rhs.quality && lhs.value.bitPattern == rhs.value.bitPattern
    }
}
