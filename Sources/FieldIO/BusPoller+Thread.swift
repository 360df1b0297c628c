import HAL

extension BusPoller {
    /// Longest sleep between steps, so `stop()` and new write requests are noticed quickly.
    static let maxSleep = Duration.milliseconds(50)

    /// Runs `step()` on a dedicated thread, sleeping on absolute deadlines, until `stop()`.
    /// Calling it twice is harmless.
    public func start() {
        worker.start(clock: clock, maxSleep: Self.maxSleep, step: { [self] in step() },
                     nextDeadline: { [self] in nextDeadline }, onStop: { [self] in link.close() })
    }

    /// Stops the bus thread after its current step and waits for it; closes the link.
    public func stop() {
        worker.stop()
    }
}
