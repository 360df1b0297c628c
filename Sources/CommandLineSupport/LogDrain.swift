import Foundation

/// The process's log queue and the thread that writes it to stderr (journald under systemd).
/// Started by the logging bootstrap; flushed at exit so the last lines are not lost.
public final class LogDrain: @unchecked Sendable {
    // @unchecked: `started` is touched only under `lock`; the ring and limiter are thread-safe.
    public static let shared = LogDrain()
    /// 4096 lines waiting at most; more are dropped and counted.
    public let ring = LogRing(capacity: 4096)
    /// One line per message per 30 s; the next one says how many were held back.
    public let limiter = LogRateLimiter(interval: 30)
    private let lock = NSLock()
    private var started = false

    /// Starts the writer thread once and flushes at process exit.
    public func start() {
        guard lock.withLock({ defer { started = true }; return !started }) else { return }
        let thread = Thread { [ring] in
            while true {
                ring.drain(timeout: 0.5) { lines in
                    let text = lines.joined(separator: "\n") + "\n"
                    FileHandle.standardError.write(Data(text.utf8))
                }
            }
        }
        thread.name = "floc-log"
        thread.start()
        atexit { LogDrain.shared.ring.flush(timeout: 2) }
    }
}
