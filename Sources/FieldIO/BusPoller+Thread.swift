import Foundation
import HAL
import Synchronization

extension BusPoller {
    /// Longest sleep between steps, so `stop()` and new write requests are noticed quickly.
    static let maxSleep = Duration.milliseconds(50)

    /// Runs `step()` on a dedicated thread, sleeping on absolute deadlines, until `stop()`.
    /// Calling it twice is harmless.
    public func start() {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                step()
                let deadline = min(nextDeadline, clock.now + Self.maxSleep)
                clock.sleep(until: deadline)
            }
            link.close()
            finished.signal()
        }
        thread.name = "floc-bus-\(bus)"
        loop.withLock { $0 = finished }
        thread.start()
    }

    /// Stops the bus thread after its current step and waits for it; closes the link.
    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let finished = loop.withLock { state in
            defer { state = nil }
            return state
        }
        finished?.wait()
    }
}
