import CGPIOD
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// The pure parts of a libgpiod v1 line request: flags, error mapping and texts,
/// kept apart from the ioctls so they can be tested on machines without GPIO.
public enum GPIODRequest {
    /// Which way a line is requested.
    public enum Direction: Sendable, Equatable {
        case input(bias: LineBias)
        case output

        var operation: String {
            switch self {
            case .input: "request input"
            case .output: "request output"
            }
        }
    }

    /// The consumer name other tools (`gpioinfo`) show for our lines.
    public static let consumer = "floc"

    /// `GPIOD_LINE_REQUEST_FLAG_*` for a request. Bias applies to inputs only: the
    /// kernel (gpiolib-cdev) rejects bias on a push-pull output with EINVAL.
    public static func flags(direction: Direction, activeLow: Bool) -> Int32 {
        var flags = activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
        if case .input(let bias) = direction {
            switch bias {
            case .asIs: break
            case .disabled: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
            case .pullUp: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
            case .pullDown: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
            }
        }
        return flags
    }

    /// What kind of failure a libgpiod `errno` is.
    public static func code(for errno: Int32) -> HALError.Code {
        switch errno {
        case ENOENT, ENODEV, ENXIO: .noSuchDevice
        case EBUSY: .busy
        case EINVAL, EOPNOTSUPP: .invalidArgument
        default: .system
        }
    }

    /// A complete error for a failed libgpiod call; `consumer` names the holder of a busy line.
    public static func error(_ errno: Int32, operation: String, address: LineAddress,
                             consumer: String? = nil) -> HALError {
        let text = String(cString: strerror(errno))
        let detail = switch code(for: errno) {
        case .busy:
            "\(text); line is held by consumer '\(consumer ?? "")'"
        case .invalidArgument:
            "\(text); the kernel may not support this request (bias needs Linux 5.5)"
        case .system where errno == EACCES || errno == EPERM:
            "\(text); give the user access to /dev/gpiochip* (group gpio)"
        default:
            text
        }
        return HALError(code(for: errno), operation: operation, context: address.description,
                        errno: errno, detail: detail)
    }

    static func offsetDetail(_ address: LineAddress, lines: Int) -> String {
        "chip '\(address.chipLabel)' has \(lines) lines (0...\(max(0, lines - 1))), not line \(address.offset)"
    }
}
