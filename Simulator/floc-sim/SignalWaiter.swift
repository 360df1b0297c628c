import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into a value a loop can wait on with a timeout.
final class SignalWaiter: @unchecked Sendable {
    // @unchecked: `name` is written on the signal queue under `lock`, read under it.
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var name: String?
    private var sources: [DispatchSourceSignal] = []

    init() {
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

    /// Waits up to `seconds` (none when negative); the signal's name once one arrived.
    func wait(seconds: Double) -> String? {
        if seconds > 0 { _ = semaphore.wait(timeout: .now() + seconds) }
        return lock.withLock { name }
    }
}
