/// Whether a reading has settled, as the guided calibration asks before it takes a point.
public struct CalibrationStability: Sendable, Equatable {
    /// True once the spread has stayed under the threshold for the required time.
    public var isStable: Bool
    /// Max - min over the window, in the reading's units; nil until the window is full.
    public var spread: Double?
    /// How long the spread has stayed under the threshold, seconds.
    public var stableFor: Double
}

/// Detects a stable reading: its spread (max - min) over the last `window` seconds stays
/// below `maxSpread` for `holdTime` seconds. A bad sample starts over.
public struct CalibrationStabilityDetector: Sendable {
    /// Length of the spread window, seconds.
    public let window: Double
    /// Largest spread that counts as stable, in the reading's units.
    public let maxSpread: Double
    /// How long the spread must stay below `maxSpread`, seconds.
    public let holdTime: Double

    private var samples: [Sample] = []
    private var firstTime: Double?
    private var stableSince: Double?

    public init(window: Double, maxSpread: Double, holdTime: Double) {
        self.window = window
        self.maxSpread = maxSpread
        self.holdTime = holdTime
    }

    /// Forgets everything (a new buffer, a new calibration step).
    public mutating func reset() {
        samples.removeAll(keepingCapacity: true)
        firstTime = nil
        stableSince = nil
    }

    /// Adds `sample` (its `time`, monotonic seconds) and judges stability. Samples that are
    /// not usable reset the detector; a sample no newer than the last is ignored.
    public mutating func update(_ sample: Sample) -> CalibrationStability {
        guard sample.isUsable else {
            reset()
            return CalibrationStability(isStable: false, spread: nil, stableFor: 0)
        }
        if let last = samples.last, sample.time <= last.time { return status(at: last.time) }
        samples.append(sample)
        let start = firstTime ?? sample.time
        firstTime = start
        samples.removeAll { $0.time < sample.time - window }
        if sample.time - start >= window {
            stableSince = spread < maxSpread ? (stableSince ?? sample.time) : nil
        }
        return status(at: sample.time)
    }

    private var spread: Double {
        let values = samples.lazy.map(\.value)
        return (values.max() ?? 0) - (values.min() ?? 0)
    }

    private func status(at time: Double) -> CalibrationStability {
        guard let firstTime, time - firstTime >= window else {
            return CalibrationStability(isStable: false, spread: nil, stableFor: 0)
        }
        let stableFor = stableSince.map { time - $0 } ?? 0
        return CalibrationStability(isStable: stableSince != nil && stableFor >= holdTime, spread: spread,
                                    stableFor: stableFor)
    }
}
