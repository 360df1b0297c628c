import Foundation

/// Wall-clock and processor time of one pass of the dynamic influent. Processor time is the
/// calling thread's (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other work it shows what
/// the pass costs, where the wall time also shows how long it waited for a core.
public struct PassTime: Sendable {
    public var wall: Duration, processor: Duration

    public init(wall: Duration, processor: Duration) {
        self.wall = wall
        self.processor = processor
    }

    /// Seconds of `duration` as a Double.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Both clocks read at the start of a pass.
    struct Start {
        let wall = ContinuousClock.now
        let processor = Start.threadTime()

        func elapsed() -> PassTime {
            PassTime(wall: ContinuousClock.now - wall, processor: Start.threadTime() - processor)
        }

        static func threadTime() -> Duration {
            var now = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
            return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
        }
    }
}
