import HAL
import Synchronization

/// The last `capacity` scan lateness values, recorded on the scan thread without allocating
/// (a preallocated ring under a short lock), for p50/p99 in `floc status`.
final class LatenessWindow: Sendable {
    private let ring: Mutex<(values: [UInt64], next: Int, count: Int)>
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
        ring = Mutex((Array(repeating: 0, count: capacity), 0, 0))
    }

    func record(_ lateness: Duration) {
        let nanoseconds = UInt64(max(0, lateness.nanosecondsClamped))
        ring.withLock { ring in
            ring.values[ring.next] = nanoseconds
            ring.next = (ring.next + 1) % capacity
            ring.count = min(ring.count + 1, capacity)
        }
    }

    /// p50, p99 and max of the window, in microseconds.
    func percentiles() -> (p50: Double, p99: Double, max: Double) {
        let values = ring.withLock { Array($0.values.prefix($0.count)) }.sorted()
        guard let last = values.last else { return (0, 0, 0) }
        func at(_ fraction: Double) -> Double { Double(values[min(values.count - 1, Int(fraction * Double(values.count)))]) / 1000 }
        return (at(0.5), at(0.99), Double(last) / 1000)
    }
}
