import HAL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// termios set-up of a console serial line: raw (no echo, no line discipline, no CR/LF mapping),
/// receiver on, modem lines ignored (CLOCAL: pulling the cable is no hang-up), no flow control.
public enum SerialTerminal {
    /// Raw 8N1 at `baud`. Throws `.invalidArgument` for a rate termios does not have, `.system` on failure.
    public static func configure(fd: Int32, baud: Int) throws(HALError) {
        try configure(fd: fd, settings: SerialPortSettings(device: "fd \(fd)", baud: baud))
    }

    /// Raw mode with the baud, data bits, parity and stop bits of `settings` (RS-485 direction is ignored).
    public static func configure(fd: Int32, settings: SerialPortSettings) throws(HALError) {
        let context = settings.device
        guard let speed = speed(settings.baud) else {
            throw HALError(.invalidArgument, operation: "set baud \(settings.baud)", context: context,
                           detail: "use 9600, 19200, 38400, 57600, 115200, 230400, 460800 or 921600")
        }
        var options = termios()
        guard tcgetattr(fd, &options) == 0 else { throw Descriptor.error("tcgetattr", context) }
        cfmakeraw(&options)
        options.c_cflag &= ~(tcflag_t(CSIZE) | tcflag_t(PARENB) | tcflag_t(PARODD) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        switch settings.dataBits {
        case 7: options.c_cflag |= tcflag_t(CS7)
        case 8: options.c_cflag |= tcflag_t(CS8)
        default:
            throw HALError(.invalidArgument, operation: "set \(settings.dataBits) data bits", context: context,
                           detail: "use 7 or 8")
        }
        switch settings.parity {
        case .none: break
        case .even: options.c_cflag |= tcflag_t(PARENB)
        case .odd: options.c_cflag |= tcflag_t(PARENB) | tcflag_t(PARODD)
        }
        if settings.stopBits == 2 { options.c_cflag |= tcflag_t(CSTOPB) }
        options.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        options.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
        // VMIN 1, VTIME 0: a read returns as soon as one byte is there; poll decides when to read.
        withUnsafeMutableBytes(of: &options.c_cc) { controls in
            controls[Int(VMIN)] = 1
            controls[Int(VTIME)] = 0
        }
        guard cfsetispeed(&options, speed) == 0, cfsetospeed(&options, speed) == 0 else {
            throw Descriptor.error("cfsetspeed \(settings.baud)", context)
        }
        guard tcsetattr(fd, TCSANOW, &options) == 0 else { throw Descriptor.error("tcsetattr", context) }
        tcflush(fd, TCIOFLUSH)
    }

    static func speed(_ baud: Int) -> speed_t? {
        switch baud {
        case 9600: speed_t(B9600)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115_200: speed_t(B115200)
        case 230_400: speed_t(B230400)
        case 460_800: speed_t(B460800)
        case 921_600: speed_t(B921600)
        default: nil
        }
    }
}
