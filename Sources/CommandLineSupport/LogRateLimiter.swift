import Foundation

/// At most one message per key per `interval`: repeats in between are counted, and the next
/// message let through says how many were held back. Thread-safe; the caller supplies time.
public final class LogRateLimiter: @unchecked Sendable {
    // @unchecked: `entries` is touched only under `lock`.
    private let lock = NSLock()
    private var entries: [String: (last: Double, suppressed: Int)] = [:]
    /// Seconds between two messages of one key.
    public let interval: Double
    /// Keys remembered at most; the oldest are forgotten (a fault naming ever new values).
    public let capacity: Int

    public init(interval: Double, capacity: Int = 1024) {
        self.interval = interval
        self.capacity = capacity
    }

    /// nil when `key` was let through less than `interval` ago (counted); otherwise the suffix
    /// to append: empty, or ` (repeated N times)` for the repeats held back since.
    public func admit(_ key: String, now: Double) -> String? {
        lock.withLock {
            if let entry = entries[key], now - entry.last < interval {
                entries[key] = (entry.last, entry.suppressed + 1)
                return nil
            }
            let suppressed = entries[key]?.suppressed ?? 0
            if entries.count >= capacity, entries[key] == nil,
               let oldest = entries.min(by: { $0.value.last < $1.value.last })?.key {
                entries[oldest] = nil
            }
            entries[key] = (now, 0)
            return suppressed == 0 ? "" : " (repeated \(suppressed) time\(suppressed == 1 ? "" : "s"))"
        }
    }
}
