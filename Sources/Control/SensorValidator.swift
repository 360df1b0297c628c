import Foundation

/// Limits and conditioning for one input. Every check is optional (`nil` disables it).
public struct SensorValidationLimits: Sendable, Equatable {
    /// Instrument range, in engineering units.
    public var minimum: Double?
    public var maximum: Double?
    /// How far outside `minimum...maximum` a value may read before it is bad (units):
    /// a probe at zero often reads a hair below it.
    public var rangeTolerance: Double
    /// Fastest credible change, in units per second.
    public var maxRate: Double?
    /// Age (now - sample time) beyond which the value is stale, in seconds.
    public var staleAfter: Double?
    /// Time the value may stay within `stuckEpsilon` before it is suspected stuck, in seconds.
    public var stuckAfter: Double?
    /// Change below which the value counts as unchanged, in units.
    public var stuckEpsilon: Double
    /// First-order filter time constant, in seconds; 0 passes values through.
    public var filterTimeConstant: Double
    /// Median spike filter window, in new samples: 1 (off) or odd 3...9. It runs first, so the
    /// range, rate and stuck checks and the first-order filter see the median, not a spike.
    public var medianWindow: Int

    public init(minimum: Double? = nil, maximum: Double? = nil, rangeTolerance: Double = 0,
                maxRate: Double? = nil, staleAfter: Double? = nil,
                stuckAfter: Double? = nil, stuckEpsilon: Double = 0, filterTimeConstant: Double = 0,
                medianWindow: Int = 1) {
        self.minimum = minimum
        self.maximum = maximum
        self.rangeTolerance = rangeTolerance
        self.maxRate = maxRate
        self.staleAfter = staleAfter
        self.stuckAfter = stuckAfter
        self.stuckEpsilon = stuckEpsilon
        self.filterTimeConstant = filterTimeConstant
        self.medianWindow = medianWindow
    }
}

/// Validates and conditions one input, once per scan: an optional median spike filter;
/// range, rate of change, stale, stuck (flat-line) and the source's own quality; then a
/// first-order filter and an optional maintenance hold. Pure: time is handed in as monotonic seconds.
public struct SensorValidator: Sendable {
    public var limits: SensorValidationLimits
    /// While true, the output is the last good value with `.uncertain` quality and `.held`.
    public private(set) var isHeld = false
    /// The last output that was usable and not held: what a hold substitutes.
    public private(set) var lastGood: Sample?

    /// The previous new finite measurement: the reference for the rate check.
    private var previous: Sample?
    /// Start of the current flat stretch: its first value and measurement time.
    private var flatSince: Sample?
    private var filtered: Sample?
    private var median: MedianWindow?

    /// - Precondition: `limits.medianWindow` is 1 or odd within 3...9.
    public init(limits: SensorValidationLimits) {
        self.limits = limits
        median = limits.medianWindow > 1 ? MedianWindow(size: limits.medianWindow) : nil
    }

    /// Holds the output at the last good value (a technician works on the instrument).
    public mutating func hold() { isHeld = true }

    /// Ends a hold; the next scan validates live values again.
    public mutating func release() { isHeld = false }

    /// Validates `sample` at scan time `now` (monotonic seconds) and returns the conditioned
    /// sample and every active reason. A sample whose time has not advanced is the same
    /// measurement again: it is checked for staleness but not counted as a new value.
    public mutating func validate(_ raw: Sample, now: Double) -> SensorValidation {
        let isNew = raw.time > (previous?.time ?? -.infinity)
        var sample = raw
        if median != nil, raw.value.isFinite, raw.quality >= .uncertain {
            // Only usable new measurements enter the window; a re-read or a comm-failed
            // value would weigh one measurement twice or let a dead value vote.
            sample.value = isNew ? median!.push(raw.value) : median!.median()
        }
        var reasons = checks(sample, now: now, isNew: isNew)
        if sample.value.isFinite && isNew { previous = sample }

        if isHeld {
            // The probe is in a technician's hands (in a buffer, out of the basin): its
            // readings and faults are expected, so they neither alarm nor feed the filter.
            reasons = SensorValidationReasons(.held)
            let held = lastGood.map { Sample(value: $0.value, quality: .uncertain, time: sample.time) }
            return SensorValidation(sample: held ?? Sample(value: sample.value, quality: .bad, time: sample.time),
                                    reasons: reasons)
        }
        let quality = min(sample.quality, reasons.qualityLimit)
        guard quality >= .uncertain else {
            return SensorValidation(sample: Sample(value: sample.value, quality: quality, time: sample.time),
                                    reasons: reasons)
        }
        let output = Sample(value: filter(sample), quality: quality, time: sample.time)
        lastGood = output
        return SensorValidation(sample: output, reasons: reasons)
    }

    private mutating func checks(_ sample: Sample, now: Double, isNew: Bool) -> SensorValidationReasons {
        var reasons: SensorValidationReasons = []
        switch sample.quality {
        case .bad: reasons.insert(.sourceBad)
        case .uncertain: reasons.insert(.sourceUncertain)
        case .good: break
        }
        if let staleAfter = limits.staleAfter, now - sample.time > staleAfter { reasons.insert(.stale) }
        guard sample.value.isFinite else {
            reasons.insert(.notFinite)
            return reasons
        }
        if let minimum = limits.minimum, sample.value < minimum - limits.rangeTolerance {
            reasons.insert(.belowRange)
        }
        if let maximum = limits.maximum, sample.value > maximum + limits.rangeTolerance {
            reasons.insert(.aboveRange)
        }
        if let maxRate = limits.maxRate, isNew, let previous {
            let rate = abs(sample.value - previous.value) / (sample.time - previous.time)
            if rate > maxRate { reasons.insert(.rateOfChange) }
        }
        if isNew { trackFlatLine(sample) }
        if let stuckAfter = limits.stuckAfter, let flatSince, sample.time - flatSince.time >= stuckAfter {
            reasons.insert(.stuck)
        }
        return reasons
    }

    private mutating func trackFlatLine(_ sample: Sample) {
        // Measured against the start of the flat stretch, not the previous value, so a
        // slow creep of less than epsilon per sample still counts as movement.
        if let start = flatSince, abs(sample.value - start.value) <= limits.stuckEpsilon { return }
        flatSince = sample
    }

    /// First-order lag, exact for any step: y += (1 - e^(-dt/tau)) (x - y). A long gap
    /// (dt >> tau) lets the output jump to the new value instead of dragging old history.
    private mutating func filter(_ sample: Sample) -> Double {
        let tau = limits.filterTimeConstant
        guard tau > 0, let last = filtered else {
            filtered = sample
            return sample.value
        }
        let dt = sample.time - last.time
        guard dt > 0 else { return last.value }
        let alpha = 1 - exp(-dt / tau)
        let value = last.value + alpha * (sample.value - last.value)
        filtered = Sample(value: value, quality: sample.quality, time: sample.time)
        return value
    }
}
