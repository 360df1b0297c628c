import Foundation
import HAL
import Synchronization

/// A thread running `body` every `interval` on absolute deadlines of `clock` (no drift; after a
/// stall it resumes one interval on, without catching up). Wakes at least every 100 ms so `stop()`
/// is prompt at long intervals.
public final class PeriodicThread: Sendable {
    public let name: String
    public let interval: Duration
    private let clock: any MonotonicClock
    private let body: @Sendable () -> Void
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<DispatchSemaphore?>(nil)

    public init(name: String, interval: Duration, clock: any MonotonicClock, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.clock = clock
        self.body = body
    }

    public func start() {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let done = DispatchSemaphore(value: 0)
        finished.withLock { $0 = done }
        let thread = Thread { [self] in
            var deadline = clock.now + interval
            while running.load(ordering: .acquiring) {
                clock.sleep(until: min(deadline, clock.now + .milliseconds(100)))
                guard running.load(ordering: .acquiring) else { break }
                guard clock.now >= deadline else { continue }
                body()
                deadline = deadline + interval
                if clock.now > deadline { deadline = clock.now + interval }
            }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops after the current run of `body` and waits for the thread.
    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        finished.withLock { state in defer { state = nil }; return state }?.wait()
    }
}
