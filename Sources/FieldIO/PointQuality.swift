import HAL

/// How far a point's value can be trusted.
///
/// Only `good` feeds control as-is; every other quality says why not, so the
/// operator sees "comm fail" rather than a frozen number.
public enum PointQuality: Sendable, Hashable, CustomStringConvertible {
    /// Read (or written and read back) successfully, within the point's range.
    case good
    /// Read successfully but outside the profile's `range`, or not a finite number.
    case outOfRange
    /// Last good value is older than the device's `staleAfter`.
    case stale
    /// No answer: timeout or link down (the value is the last one read).
    case commFail
    /// An answer that could not be used: bad CRC, wrong length (noise, wrong baud rate).
    case badFrame
    /// The device answered this point's request with a Modbus exception.
    case deviceException(ModbusException)
    /// The value read back after a write differs from the value written.
    case verifyMismatch
    /// Not read yet since start-up.
    case notYetRead

    /// `true` for `good` only.
    public var isGood: Bool { self == .good }

    /// Short text for logs, the console and telemetry, e.g. `exception 2 ILLEGAL DATA ADDRESS`.
    public var description: String {
        switch self {
        case .good: "good"
        case .outOfRange: "out-of-range"
        case .stale: "stale"
        case .commFail: "comm-fail"
        case .badFrame: "bad-frame"
        case .deviceException(let code): "exception \(code.rawValue) \(code.name)"
        case .verifyMismatch: "verify-mismatch"
        case .notYetRead: "not-yet-read"
        }
    }

    /// The quality a failed request gives the points it carried.
    public init(failure: HALError) {
        switch failure.code {
        case .modbusException(let code): self = .deviceException(code)
        case .badFrame: self = .badFrame
        default: self = .commFail
        }
    }
}

/// The latest value of one point.
public struct PointSample: Sendable, Equatable {
    /// Engineering value; after a failure, the last value read (0 if never read).
    public var value: Double
    public var quality: PointQuality
    /// When the value was last read, or when the quality last changed for a failure.
    public var time: MonotonicInstant
    /// Named status bits (empty for plain values).
    public var flags: [String: Bool]

    public init(value: Double, quality: PointQuality, time: MonotonicInstant, flags: [String: Bool] = [:]) {
        self.value = value
        self.quality = quality
        self.time = time
        self.flags = flags
    }

    /// A sample for a point that has not been read.
    public static func notYetRead(at time: MonotonicInstant) -> PointSample {
        PointSample(value: 0, quality: .notYetRead, time: time)
    }
}
