import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into a value a main loop waits on with a timeout (the signals'
/// default action is replaced; they are delivered through dispatch sources).
public final class TerminationSignals: @unchecked Sendable {
    // @unchecked: `name` is written on the signal queue under `lock` and read under it.
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var name: String?
    private var sources: [DispatchSourceSignal] = []

    public init() {
        for (number, label) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                lock.withLock { name = name ?? label }
                semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits up to `seconds` (not at all when <= 0); the first signal's name once one arrived.
    public func wait(seconds: Double) -> String? {
        if seconds > 0 { _ = semaphore.wait(timeout: .now() + seconds) }
        return lock.withLock { name }
    }
}
