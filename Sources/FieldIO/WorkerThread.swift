import Foundation
import HAL
import Synchronization

/// A dedicated thread that calls `step` and sleeps until the next deadline (absolute,
/// on the given clock, at most `maxSleep` so `stop()` is noticed quickly), until stopped.
///
/// Field I/O runs on such threads because libmodbus and libgpiod block.
final class WorkerThread: Sendable {
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<DispatchSemaphore?>(nil)
    let name: String

    init(name: String) { self.name = name }

    var isRunning: Bool { running.load(ordering: .acquiring) }

    /// Starts the thread; a second call while running does nothing.
    func start(clock: any MonotonicClock, maxSleep: Duration, step: @escaping @Sendable () -> Void,
               nextDeadline: @escaping @Sendable () -> MonotonicInstant, onStop: @escaping @Sendable () -> Void) {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let done = DispatchSemaphore(value: 0)
        finished.withLock { $0 = done }
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                step()
                clock.sleep(until: min(nextDeadline(), clock.now + maxSleep))
            }
            onStop()
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread after its current step and waits for it to end.
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let done = finished.withLock { state in
            defer { state = nil }
            return state
        }
        done?.wait()
    }
}
