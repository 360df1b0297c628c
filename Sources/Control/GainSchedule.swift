/// Gains as a piecewise-linear function of a scheduling variable: the PV itself (pH near
/// neutral, where the titration curve is steep) or an external signal (influent flow,
/// blower count). Kc, Ti and Td are each interpolated linearly between breakpoints and
/// held constant beyond the first and last one.
public struct GainSchedule: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable {
        /// Scheduled on the loop's own PV.
        case processVariable
        /// Scheduled on the `scheduleSignal` handed to `PIDController.update`.
        case externalSignal
    }

    public struct Point: Sendable, Equatable {
        /// Value of the scheduling variable, in its own units.
        public var at: Double
        public var gains: PIDGains

        public init(at: Double, gains: PIDGains) {
            self.at = at
            self.gains = gains
        }
    }

    public let source: Source
    /// Breakpoints, strictly increasing in `at`.
    public let points: [Point]

    /// Throws when there is no point, a breakpoint is not finite or not strictly increasing,
    /// gains are invalid, or integral action is on at some points and off at others
    /// (interpolating toward Ti = 0 would mean ever faster integration, not less).
    public init(source: Source, points: [Point]) throws(ControlParameterError) {
        var found: [String] = []
        if points.isEmpty { found.append("a gain schedule needs at least one point") }
        for (index, point) in points.enumerated() {
            if !point.at.isFinite { found.append("schedule point \(index): breakpoint must be finite") }
            if index > 0, !(points[index - 1].at < point.at) {
                found.append("schedule point \(index): breakpoints must be strictly increasing")
            }
            found += point.gains.problems.map { "schedule point \(index): \($0)" }
        }
        if Set(points.map(\.gains.hasIntegral)).count > 1 {
            found.append("integral time must be > 0 at every schedule point or 0 at all of them")
        }
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        self.source = source
        self.points = points
    }

    /// Gains at `x`, interpolated; the end points' gains beyond the table. `x` must be finite.
    public func gains(at x: Double) -> PIDGains {
        guard let first = points.first, let last = points.last else { preconditionFailure("validated non-empty") }
        if x <= first.at { return first.gains }
        if x >= last.at { return last.gains }
        // The table is short (a handful of breakpoints): a linear scan is the clearest and fast enough.
        let upper = points.firstIndex { $0.at >= x }!
        let a = points[upper - 1], b = points[upper]
        let f = (x - a.at) / (b.at - a.at)
        func lerp(_ u: Double, _ v: Double) -> Double { u + (v - u) * f }
        return PIDGains(
            gain: lerp(a.gains.gain, b.gains.gain),
            integralTime: lerp(a.gains.integralTime, b.gains.integralTime),
            derivativeTime: lerp(a.gains.derivativeTime, b.gains.derivativeTime)
        )
    }
}
