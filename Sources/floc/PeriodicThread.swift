import Foundation

/// A named thread that calls `tick` every `interval` seconds until ``stop()``, which waits
/// for the tick in progress: the loop of `floc run`'s watchers (supervisor, state, buses).
final class PeriodicThread: @unchecked Sendable {
    // @unchecked: `thread` is touched only by the owner's start/stop, on one thread.
    private let name: String
    private let interval: Double
    private let tick: @Sendable () -> Void
    private let done = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var thread: Thread?

    /// `interval` in seconds.
    init(name: String, interval: Double, tick: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.tick = tick
    }

    func start() {
        guard thread == nil else { return }
        let thread = Thread { [self] in
            while done.wait(timeout: .now() + interval) == .timedOut { tick() }
            finished.signal()
        }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// Returns once the thread has ended; false when it was not running.
    @discardableResult
    func stop() -> Bool {
        guard thread != nil else { return false }
        done.signal()
        finished.wait()
        thread = nil
        return true
    }
}
