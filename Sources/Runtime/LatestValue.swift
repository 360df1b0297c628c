import Synchronization

/// A latest-value topic (uORB style): one writer publishes immutable values, any number
/// of readers take the newest without ever blocking the writer for long.
public final class LatestValue<Value: Sendable>: Sendable {
    private let cell: Mutex<Value>

    public init(_ initial: Value) { cell = Mutex(initial) }

    public func publish(_ value: Value) { cell.withLock { $0 = value } }

    public var value: Value { cell.withLock { $0 } }
}
