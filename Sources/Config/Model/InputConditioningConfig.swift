/// Validation and conditioning of one analogue input beyond its profile range
/// (`[inputs."<device.point>"]` in the unit file). Range checks come from the profile.
public struct InputConditioningConfig: Sendable, Equatable {
    /// Median spike filter window, in samples: 1 (off) or odd 3...9; applied before `filterTime`.
    public var medianSamples: Int
    /// First-order filter time constant, in seconds; 0 passes values through.
    public var filterTime: Double
    /// Fastest credible change, in point units per second; nil: not checked.
    public var maxRate: Double?
    /// Seconds the value may stay within `stuckEpsilon` before it is suspected stuck; nil: not checked.
    public var stuckAfter: Double?
    /// Change below which the value counts as unchanged, in point units.
    public var stuckEpsilon: Double

    public init(medianSamples: Int = 1, filterTime: Double = 0, maxRate: Double? = nil, stuckAfter: Double? = nil,
                stuckEpsilon: Double = 0) {
        self.medianSamples = medianSamples
        self.filterTime = filterTime
        self.maxRate = maxRate
        self.stuckAfter = stuckAfter
        self.stuckEpsilon = stuckEpsilon
    }
}
