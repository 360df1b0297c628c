import Synchronization

/// A point on a monotonic time line, in nanoseconds from an arbitrary origin.
public struct MonotonicInstant: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = MonotonicInstant(nanoseconds: 0)

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static func + (lhs: Self, rhs: Duration) -> Self {
        let delta = rhs.nanosecondsClamped
        if delta >= 0 { return Self(nanoseconds: lhs.nanoseconds &+ UInt64(delta)) }
        let back = UInt64(-delta)
        return Self(nanoseconds: lhs.nanoseconds > back ? lhs.nanoseconds - back : 0)
    }

    /// `lhs - rhs` as a signed duration.
    public static func - (lhs: Self, rhs: Self) -> Duration {
        if lhs >= rhs { return .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds)) }
        return .nanoseconds(-Int64(clamping: rhs.nanoseconds - lhs.nanoseconds))
    }

    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
}

public extension Duration {
    /// The duration in whole nanoseconds, clamped to `Int64`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in seconds as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The time source the scan, pollers and control blocks are handed.
///
/// Named `MonotonicClock` (not `Clock`) so it does not shadow the standard
/// library's async `Clock`: scan and bus threads sleep blocking, on absolute
/// deadlines.
public protocol MonotonicClock: AnyObject, Sendable {
    var now: MonotonicInstant { get }
    /// Blocks the calling thread until `deadline` (returns at once if it has passed).
    func sleep(until deadline: MonotonicInstant)
}

/// A clock that only moves when told to. `sleep(until:)` jumps to the deadline,
/// so a thread driven by it runs as fast as it can, in lock-step and deterministically.
public final class ManualClock: MonotonicClock {
    private let current: Mutex<UInt64>

    public init(start: MonotonicInstant = .zero) {
        current = Mutex(start.nanoseconds)
    }

    public var now: MonotonicInstant { MonotonicInstant(nanoseconds: current.withLock { $0 }) }

    public func advance(by duration: Duration) {
        let delta = UInt64(max(0, duration.nanosecondsClamped))
        current.withLock { $0 &+= delta }
    }

    public func sleep(until deadline: MonotonicInstant) {
        current.withLock { $0 = max($0, deadline.nanoseconds) }
    }
}
