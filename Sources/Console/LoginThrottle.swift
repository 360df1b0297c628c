import HAL
import Synchronization

/// Lockout after failed logins, shared by every console session so a new connection does not reset it.
///
/// After `freeFailures` consecutive failures for a name, each further failure locks that name for
/// `baseDelay`, doubling up to `maximumDelay`. A success clears the name. Names that do not exist are
/// throttled the same way, so the answer does not tell which names are real.
public final class LoginThrottle: Sendable {
    public struct Policy: Sendable, Equatable {
        public var freeFailures: Int
        public var baseDelay: Duration
        public var maximumDelay: Duration

        public init(freeFailures: Int = 3, baseDelay: Duration = .seconds(5), maximumDelay: Duration = .seconds(300)) {
            self.freeFailures = max(1, freeFailures)
            self.baseDelay = baseDelay
            self.maximumDelay = max(baseDelay, maximumDelay)
        }

        /// The lock after the `failures`-th consecutive failure, zero while failures are still free.
        public func delay(afterFailures failures: Int) -> Duration {
            guard failures >= freeFailures else { return .zero }
            let doublings = min(failures - freeFailures, 30)
            let delay = baseDelay * (1 << doublings)
            return min(delay, maximumDelay)
        }
    }

    struct Entry {
        var failures: Int
        var lockedUntil: MonotonicInstant
        var lastFailure: MonotonicInstant
    }

    public let policy: Policy
    private let clock: any MonotonicClock
    private let entries = Mutex<[String: Entry]>([:])
    /// Bounds memory against a flood of invented names; the oldest entries go first.
    static let maximumEntries = 1024

    public init(policy: Policy = Policy(), clock: any MonotonicClock) {
        self.policy = policy
        self.clock = clock
    }

    /// How long `name` stays locked from now; zero when a login may be tried.
    public func remainingLock(for name: String) -> Duration {
        let now = clock.now
        return entries.withLock { table in
            guard let entry = table[name], entry.lockedUntil > now else { return .zero }
            return entry.lockedUntil - now
        }
    }

    /// Counts a failure; returns the lock it starts (zero while failures are free).
    @discardableResult
    public func recordFailure(for name: String) -> Duration {
        let now = clock.now
        return entries.withLock { table in
            var entry = table[name] ?? Entry(failures: 0, lockedUntil: .zero, lastFailure: now)
            entry.failures += 1
            entry.lastFailure = now
            let delay = policy.delay(afterFailures: entry.failures)
            entry.lockedUntil = now + delay
            table[name] = entry
            if table.count > Self.maximumEntries,
               let oldest = table.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key {
                table[oldest] = nil
            }
            return delay
        }
    }

    /// Clears the failures of `name` after a good login.
    public func recordSuccess(for name: String) {
        entries.withLock { $0[name] = nil }
    }
}
