/// Bytes waiting for a slow terminal, bounded: what does not fit is dropped and replaced by one
/// `[output truncated]` line, so neither memory nor the writer ever waits on the peer.
public struct OutputBuffer: Sendable {
    public static let marker = Array("\r\n[output truncated]\r\n".utf8)

    /// Most bytes held, marker included.
    public let capacity: Int
    public private(set) var bytes: [UInt8] = []
    /// Output was dropped and the marker is not yet queued.
    public private(set) var isTruncating = false
    /// Bytes dropped since creation.
    public private(set) var droppedCount = 0

    public init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, Self.marker.count * 2)
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// Queues `data`, or drops it whole when it does not fit (a partial escape sequence would garble the screen).
    public mutating func append(_ data: some Collection<UInt8>) {
        guard !data.isEmpty else { return }
        if isTruncating { queueMarkerIfRoom() }
        if !isTruncating, bytes.count + data.count <= capacity - Self.marker.count {
            bytes.append(contentsOf: data)
        } else {
            isTruncating = true
            droppedCount += data.count
        }
    }

    /// Removes the first `count` bytes once they were written.
    public mutating func consume(_ count: Int) {
        bytes.removeFirst(min(count, bytes.count))
        if isTruncating { queueMarkerIfRoom() }
    }

    private mutating func queueMarkerIfRoom() {
        // Wait until half the buffer drained so a steady flood shows one marker per burst, not per line.
        guard bytes.count <= capacity / 2 else { return }
        bytes.append(contentsOf: Self.marker)
        isTruncating = false
    }
}
