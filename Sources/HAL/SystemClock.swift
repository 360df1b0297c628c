#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `CLOCK_MONOTONIC`, with `clock_nanosleep(TIMER_ABSTIME)` so periodic wake-ups
/// on absolute deadlines do not drift.
public final class SystemMonotonicClock: MonotonicClock {
    public init() {}

    public var now: MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    public func sleep(until deadline: MonotonicInstant) {
        #if canImport(Glibc)
        var spec = timespec(tv_sec: Int(deadline.nanoseconds / 1_000_000_000),
                            tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
        // EINTR: a signal woke us early; sleep again towards the same absolute deadline.
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
        #else
        let remaining = deadline - now
        if remaining > .zero { usleep(UInt32(remaining.nanosecondsClamped / 1000)) }
        #endif
    }
}
