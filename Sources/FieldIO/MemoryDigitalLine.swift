import HAL
import Synchronization

/// A GPIO line in memory: what the simulator and tests use where no chip exists.
/// `level` is the logical level (active = true); writes to an input fail like libgpiod's.
public final class MemoryDigitalLine: DigitalLine, Sendable {
    public let address: LineAddress
    public let isOutput: Bool
    private let state: Mutex<(level: Bool, writes: Int, released: Bool)>

    public init(address: LineAddress, isOutput: Bool, level: Bool = false) {
        self.address = address
        self.isOutput = isOutput
        state = Mutex((level, 0, false))
    }

    /// The line's level; tests set it for inputs.
    public var level: Bool {
        get { state.withLock { $0.level } }
        set { state.withLock { $0.level = newValue } }
    }

    public var writeCount: Int { state.withLock { $0.writes } }
    public var isReleased: Bool { state.withLock { $0.released } }

    public func read() throws(HALError) -> Bool { level }

    public func write(_ active: Bool) throws(HALError) {
        guard isOutput else {
            throw HALError(.invalidArgument, operation: "write", context: address.description,
                           detail: "line is requested as an input")
        }
        state.withLock {
            $0.level = active
            $0.writes += 1
        }
    }

    public func release() { state.withLock { $0.released = true } }
}
