import CModbus
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// A Modbus master over libmodbus, on a TCP connection or a serial port (RTU).
///
/// Owns its `modbus_t` and frees it in `deinit`. Not thread-safe: one bus thread
/// owns a link (libmodbus is blocking). Every failure is a ``HALError`` built by
/// ``ModbusErrno``; a lost link marks itself disconnected so the caller reconnects.
public final class LibmodbusLink: ModbusLink {
    /// Which transport, with what the transport needs at connect time.
    enum Transport {
        case tcp(host: String, port: Int)
        case rtu(SerialPortSettings)
    }

    public let name: String
    public internal(set) var isConnected = false
    /// Requests sent (reads and writes), successful or not.
    public internal(set) var requestCount = 0
    /// Requests that failed, whatever the reason.
    public internal(set) var failureCount = 0
    /// Requests that got no answer within the response timeout.
    public internal(set) var timeoutCount = 0
    /// Successful `connect()` calls: 1 + the number of reconnections.
    public internal(set) var connectCount = 0

    let transport: Transport
    let context: OpaquePointer?
    /// Why `modbus_new_*` refused the parameters, reported by `connect()`.
    private let creationError: HALError?
    /// The GPIO line that drives the transceiver's DE/RE, for `.gpio` direction control.
    private var directionLine: GPIODLine?

    init(name: String, transport: Transport, context: OpaquePointer?, creationErrno: Int32) {
        self.name = name
        self.transport = transport
        self.context = context
        creationError = context == nil
            ? ModbusErrno.error(creationErrno, operation: "create context", context: name) : nil
    }

    deinit {
        close()
        if let context { modbus_free(context) }
    }

    /// A link to `endpoint` (not yet connected).
    public static func make(_ endpoint: ModbusEndpoint) -> LibmodbusLink {
        switch endpoint {
        case .tcp(let host, let port): tcp(host: host, port: port)
        case .rtu(let settings): rtu(settings)
        }
    }

    /// A link to a Modbus TCP server; `host` may be a name or an IPv4/IPv6 address.
    public static func tcp(host: String, port: Int) -> LibmodbusLink {
        let context = modbus_new_tcp_pi(host, String(port))
        let creationErrno = errno
        return LibmodbusLink(name: "tcp \(host):\(port)", transport: .tcp(host: host, port: port),
                             context: context, creationErrno: creationErrno)
    }

    /// A link on a serial port, e.g. `rtu /dev/ttyUSB0 9600 8N1`. The port is opened by `connect()`.
    public static func rtu(_ settings: SerialPortSettings) -> LibmodbusLink {
        let parity: CChar = switch settings.parity {
        case .none: CChar(UInt8(ascii: "N"))
        case .even: CChar(UInt8(ascii: "E"))
        case .odd: CChar(UInt8(ascii: "O"))
        }
        let context = modbus_new_rtu(settings.device, Int32(clamping: settings.baud), parity,
                                     Int32(clamping: settings.dataBits), Int32(clamping: settings.stopBits))
        let creationErrno = errno
        if let context { setTimeout(context, modbus_set_byte_timeout, seconds: rtuByteTimeout(settings)) }
        return LibmodbusLink(name: rtuName(settings), transport: .rtu(settings),
                             context: context, creationErrno: creationErrno)
    }

    static func rtuName(_ settings: SerialPortSettings) -> String {
        let parity = switch settings.parity {
        case .none: "N"
        case .even: "E"
        case .odd: "O"
        }
        return "rtu \(settings.device) \(settings.baud) \(settings.dataBits)\(parity)\(settings.stopBits)"
    }

    /// The longest gap allowed between two bytes of one response, in seconds.
    ///
    /// The specification's 1.5 character times (Modbus over serial line V1.02,
    /// 2.5.1.1) cannot be kept from user space: USB serial adapters deliver bytes
    /// in bursts (the FTDI latency timer defaults to 16 ms), so a gap shorter than
    /// that cuts good frames. 50 ms, or 20 characters on slow lines, is safe and
    /// still far below the response timeout.
    public static func rtuByteTimeout(_ settings: SerialPortSettings) -> Double {
        max(0.05, 20 * settings.characterTime)
    }

    public func connect() throws(HALError) {
        if isConnected { return }
        guard let context else {
            throw creationError ?? HALError(.system, operation: "connect", context: name)
        }
        if modbus_connect(context) == -1 {
            let code = errno
            throw HALError(.linkDown, operation: "connect", context: name, errno: code,
                           detail: "cannot \(connectVerb): \(ModbusErrno.text(for: code))")
        }
        do {
            try configureDirection(context)
        } catch {
            modbus_close(context)
            releaseDirectionLine(context)
            throw error
        }
        isConnected = true
        connectCount += 1
    }

    private var connectVerb: String {
        switch transport {
        case .tcp(let host, let port): "connect to \(host):\(port)"
        case .rtu(let settings): "open \(settings.device)"
        }
    }

    public func close() {
        if let context, isConnected { modbus_close(context) }
        isConnected = false
        if let context { releaseDirectionLine(context) }
    }

    /// Unregisters before releasing: the RTS callback must never see a released line.
    private func releaseDirectionLine(_ context: OpaquePointer) {
        RTSLines.unregister(context)
        directionLine?.release()
        directionLine = nil
    }

    /// Closes and opens the link again.
    public func reconnect() throws(HALError) {
        close()
        try connect()
    }

    public func setResponseTimeout(seconds: Double) {
        guard let context else { return }
        Self.setTimeout(context, modbus_set_response_timeout, seconds: seconds)
    }

    /// libmodbus refuses a zero timeout; one millisecond is the floor.
    static func setTimeout(_ context: OpaquePointer,
                           _ setter: (OpaquePointer?, UInt32, UInt32) -> Int32, seconds: Double) {
        let micros = UInt64(max(0.001, min(seconds, 3600)) * 1_000_000)
        _ = setter(context, UInt32(micros / 1_000_000), UInt32(micros % 1_000_000))
    }

    // MARK: RS-485 direction

    private func configureDirection(_ context: OpaquePointer) throws(HALError) {
        guard case .rtu(let settings) = transport else { return }
        switch settings.direction {
        case .automatic:
            return
        case .kernel:
            if modbus_rtu_set_serial_mode(context, MODBUS_RTU_RS485) == -1 {
                let code = errno
                throw HALError(.invalidArgument, operation: "enable kernel RS-485 mode", context: name,
                               errno: code,
                               detail: "the driver of \(settings.device) refused TIOCSRS485 "
                                   + "(\(ModbusErrno.text(for: code))); use rts, gpio or automatic direction")
            }
        case .rts(let activeHigh):
            try setRTS(context, settings, mode: activeHigh ? MODBUS_RTU_RTS_UP : MODBUS_RTU_RTS_DOWN)
        case .gpio(let chipLabel, let offset, let activeLow):
            let address = LineAddress(chipLabel: chipLabel, offset: offset, pin: "DE", board: settings.device)
            let line = try GPIODLine.requestOutput(address, activeLow: activeLow, initial: false, safe: false)
            directionLine = line
            RTSLines.register(context, line: line)
            modbus_rtu_set_custom_rts(context, RTSLines.drive)
            // RTS_UP: libmodbus calls the callback with on = 1 while it sends.
            try setRTS(context, settings, mode: MODBUS_RTU_RTS_UP)
        }
    }

    private func setRTS(_ context: OpaquePointer, _ settings: SerialPortSettings, mode: Int32) throws(HALError) {
        if modbus_rtu_set_rts(context, mode) == -1 {
            let code = errno
            throw HALError(.invalidArgument, operation: "enable RTS direction control", context: name,
                           errno: code, detail: ModbusErrno.text(for: code))
        }
        // Hold DE one character after the last stop bit, so the last byte is not cut.
        let delay = Int32(clamping: Int((settings.characterTime * 1_000_000).rounded(.up)))
        _ = modbus_rtu_set_rts_delay(context, delay)
    }
}
