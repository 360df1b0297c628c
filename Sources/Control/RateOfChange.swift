/// Rate of change of a process value, units per minute, as the slope between the oldest and
/// newest usable sample within a sliding window: robust to scan jitter, and a single noisy
/// sample moves it by at most its error divided by the window.
public struct RateOfChange: Sendable {
    /// Length of the window, seconds (> 0).
    public let window: Double
    private var samples: [Sample] = []

    public init(window: Double) {
        self.window = window.isFinite && window > 0 ? window : 60
    }

    /// Adds `sample` and returns the rate, units/min: nil until the usable samples span at
    /// least half the window. An unusable sample starts over (a gap is not a slope).
    public mutating func update(_ sample: Sample) -> Double? {
        guard sample.isUsable else {
            samples.removeAll(keepingCapacity: true)
            return nil
        }
        if let last = samples.last, sample.time <= last.time { return rate }
        samples.append(sample)
        samples.removeAll { $0.time < sample.time - window }
        return rate
    }

    /// The present rate, units/min; nil while the window is less than half full.
    public var rate: Double? {
        guard let first = samples.first, let last = samples.last, last.time - first.time >= window / 2 else { return nil }
        return (last.value - first.value) / (last.time - first.time) * 60
    }
}
