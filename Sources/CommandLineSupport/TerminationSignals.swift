import Dispatch
import Foundation

/// SIGINT and SIGTERM (and, when asked, SIGHUP) turned into a value a main loop waits on with
/// a timeout (the signals' default action is replaced; they are delivered through dispatch sources).
public final class TerminationSignals: @unchecked Sendable {
    // @unchecked: `name` and `reloads` are written on the signal queue under `lock` and read under it.
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var name: String?
    private var reloads = 0
    private var sources: [DispatchSourceSignal] = []

    /// `reload`: also catch SIGHUP, reported once per signal by ``wait(seconds:)`` as `SIGHUP`.
    public init(reload: Bool = false) {
        var signals = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]
        if reload { signals.append((SIGHUP, "SIGHUP")) }
        for (number, label) in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                lock.withLock {
                    if number == SIGHUP { reloads += 1 } else { name = name ?? label }
                }
                semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits up to `seconds` (not at all when <= 0); the first termination signal's name once
    /// one arrived (it stays), else `SIGHUP` once for each SIGHUP received, else nil.
    public func wait(seconds: Double) -> String? {
        if seconds > 0 { _ = semaphore.wait(timeout: .now() + seconds) }
        return lock.withLock {
            if let name { return name }
            guard reloads > 0 else { return nil }
            reloads -= 1
            return "SIGHUP"
        }
    }
}
