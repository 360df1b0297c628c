/// The one error type of the hardware layer: what failed, where, and why.
///
/// Per-device failures are turned into point quality by FieldIO; they never throw
/// through the scan.
public struct HALError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// No answer within the response timeout.
        case timeout
        /// The device answered with a Modbus exception response.
        case modbusException(ModbusException)
        /// A frame with a bad CRC, wrong length or unexpected content.
        case badFrame
        /// The link (TCP connection, serial port) could not be opened or was lost.
        case linkDown
        /// The GPIO chip or line does not exist.
        case noSuchDevice
        /// The GPIO line is already requested by another consumer.
        case busy
        /// The caller asked for something the configuration does not allow.
        case invalidArgument
        /// Any other operating-system error.
        case system
    }

    public var code: Code
    /// The operation that failed, e.g. `read holding registers 100..109`.
    public var operation: String
    /// Where: bus, device unit id, chip or pin.
    public var context: String
    /// The OS or library error number, when there was one.
    public var errno: Int32?
    /// A human hint, e.g. "check wiring and baud rate".
    public var detail: String

    public init(_ code: Code, operation: String, context: String, errno: Int32? = nil, detail: String = "") {
        self.code = code
        self.operation = operation
        self.context = context
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        var text = "\(context): \(operation): \(codeText)"
        if !detail.isEmpty { text += " (\(detail))" }
        return text
    }

    private var codeText: String {
        switch code {
        case .timeout: "timeout"
        case .modbusException(let exception): "Modbus exception \(exception.rawValue) \(exception.name)"
        case .badFrame: "bad frame"
        case .linkDown: "link down"
        case .noSuchDevice: "no such device"
        case .busy: "busy"
        case .invalidArgument: "invalid argument"
        case .system: "system error"
        }
    }
}

/// Modbus exception codes (Modbus Application Protocol v1.1b3, section 7).
public enum ModbusException: UInt8, Sendable, CaseIterable {
    case illegalFunction = 1
    case illegalDataAddress = 2
    case illegalDataValue = 3
    case serverDeviceFailure = 4
    case acknowledge = 5
    case serverDeviceBusy = 6
    case negativeAcknowledge = 7
    case memoryParityError = 8
    case gatewayPathUnavailable = 10
    case gatewayTargetFailedToRespond = 11

    /// The name the specification uses, e.g. `ILLEGAL DATA ADDRESS`.
    public var name: String {
        switch self {
        case .illegalFunction: "ILLEGAL FUNCTION"
        case .illegalDataAddress: "ILLEGAL DATA ADDRESS"
        case .illegalDataValue: "ILLEGAL DATA VALUE"
        case .serverDeviceFailure: "SERVER DEVICE FAILURE"
        case .acknowledge: "ACKNOWLEDGE"
        case .serverDeviceBusy: "SERVER DEVICE BUSY"
        case .negativeAcknowledge: "NEGATIVE ACKNOWLEDGE"
        case .memoryParityError: "MEMORY PARITY ERROR"
        case .gatewayPathUnavailable: "GATEWAY PATH UNAVAILABLE"
        case .gatewayTargetFailedToRespond: "GATEWAY TARGET DEVICE FAILED TO RESPOND"
        }
    }
}
