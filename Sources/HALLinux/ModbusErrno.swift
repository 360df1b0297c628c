import CModbus
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// The one place that turns a libmodbus `errno` into a ``HALError`` code.
///
/// libmodbus reports everything through `errno`: operating-system errors as they
/// are, and its own protocol errors above `MODBUS_ENOBASE` (modbus.h).
public enum ModbusErrno {
    /// `MODBUS_ENOBASE + n` is Modbus exception `n` (`EMBXILFUN` = 1 ... `EMBXGTAR` = 11).
    public static let base = Int32(MODBUS_ENOBASE)
    // The EMB* macros are sums over a C enum, which Swift does not import; their
    // values follow `EMBXGTAR` in modbus.h (libmodbus 3.1.6).
    public static let badCRC = base + 12
    public static let badData = base + 13
    public static let badException = base + 14
    public static let unknownException = base + 15
    public static let tooManyData = base + 16
    public static let badSlave = base + 17

    /// What kind of failure `errno` is. Exception codes the specification does not
    /// define (9, 12..) and `EMBUNKEXC` count as a bad frame: the device said nonsense.
    public static func code(for errno: Int32) -> HALError.Code {
        switch errno {
        case ETIMEDOUT:
            return .timeout
        case base + 1...base + 11:
            if let exception = ModbusException(rawValue: UInt8(errno - base)) {
                return .modbusException(exception)
            }
            return .badFrame
        case badCRC, badData, badException, unknownException, tooManyData, badSlave:
            return .badFrame
        case ECONNRESET, EPIPE, ECONNREFUSED, EBADF, ENOTCONN, EIO, EHOSTUNREACH, ENETUNREACH:
            return .linkDown
        case EINVAL:
            return .invalidArgument
        default:
            return .system
        }
    }

    /// libmodbus' own text for `errno` (it falls back to `strerror`).
    public static func text(for errno: Int32) -> String {
        guard let text = modbus_strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }

    /// A complete ``HALError`` for a failed libmodbus call, with a hint on what to check.
    public static func error(_ errno: Int32, operation: String, context: String) -> HALError {
        let code = code(for: errno)
        var detail = text(for: errno)
        if let hint = hint(for: code) { detail += "; \(hint)" }
        return HALError(code, operation: operation, context: context, errno: errno, detail: detail)
    }

    static func hint(for code: HALError.Code) -> String? {
        switch code {
        case .timeout: "check wiring, unit id, baud rate and parity"
        case .badFrame: "check for noise, a second master or a baud/parity mismatch"
        case .linkDown: "will reconnect"
        default: nil
        }
    }
}
