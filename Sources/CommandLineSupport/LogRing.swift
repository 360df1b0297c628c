import Foundation

/// A bounded queue of formatted log lines between the threads that log and the one thread
/// that writes them: `push` never blocks on I/O (a full ring drops the line and counts it),
/// so the scan thread can log. `drain` runs on a dedicated thread.
public final class LogRing: @unchecked Sendable {
    // @unchecked: every stored var is touched only under `condition`'s lock.
    private let condition = NSCondition()
    private var lines: [String?]
    private var head = 0
    private var count = 0
    private var dropped = 0
    private var droppedTotal = 0
    private var writing = false

    /// `capacity` lines at most are waiting.
    public init(capacity: Int = 1024) {
        precondition(capacity > 0)
        lines = Array(repeating: nil, count: capacity)
    }

    /// Lines dropped so far because the ring was full.
    public var droppedCount: Int { condition.withLock { droppedTotal } }

    /// Queues `line`; false (and counted) when the ring is full.
    @discardableResult
    public func push(_ line: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard count < lines.count else {
            dropped += 1
            droppedTotal += 1
            return false
        }
        lines[(head + count) % lines.count] = line
        count += 1
        condition.broadcast()
        return true
    }

    /// Waits up to `timeout` seconds for lines, then hands every waiting one to `write`
    /// (outside the lock), followed by a note when lines were dropped since the last call.
    public func drain(timeout: Double, _ write: ([String]) -> Void) {
        condition.lock()
        if count == 0 { _ = condition.wait(until: Date(timeIntervalSinceNow: timeout)) }
        var batch: [String] = []
        while count > 0 {
            batch.append(lines[head] ?? "")
            lines[head] = nil
            head = (head + 1) % lines.count
            count -= 1
        }
        if dropped > 0 {
            batch.append("floc: \(dropped) log line\(dropped == 1 ? "" : "s") dropped (log queue full)")
            dropped = 0
        }
        writing = !batch.isEmpty
        condition.unlock()
        if !batch.isEmpty { write(batch) }
        condition.withLock {
            writing = false
            condition.broadcast()
        }
    }

    /// Blocks until every line queued before the call has been written, or `timeout` seconds.
    public func flush(timeout: Double) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while count > 0 || writing {
            condition.signal()
            guard condition.wait(until: deadline) else { return }
        }
    }
}
