import CModbus
import Foundation
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// A Modbus server over libmodbus's server API: TCP (any number of clients) or RTU (on a
/// serial device, e.g. one end of a pty pair), answering from a dedicated thread.
///
/// Either one bank answers every unit id (`init(layout:)`), or each served unit id has its
/// own bank (`init(units:)`) and a request to any other unit id gets no answer, as on a
/// real bus. Addresses outside a bank's layout answer ILLEGAL DATA ADDRESS. A
/// ``requestFilter`` may silence, delay or refuse requests (fault injection).
/// Used where Floc must *be* a device: the benchmark's counterpart and the plant
/// simulator's emulated instruments.
public final class LibmodbusServer: @unchecked Sendable {
    // @unchecked: the context and descriptors are touched by the server thread only (and by
    // start/stop around it); `served` and `filter` only under `lock`; banks guard themselves.

    /// Which addresses of each table exist (protocol, 0-based); an empty range serves none.
    public struct Layout: Sendable, Equatable {
        public var coils: Range<Int>
        public var discreteInputs: Range<Int>
        public var inputRegisters: Range<Int>
        public var holdingRegisters: Range<Int>

        public init(coils: Range<Int> = 0..<0, discreteInputs: Range<Int> = 0..<0,
                    inputRegisters: Range<Int> = 0..<0, holdingRegisters: Range<Int> = 0..<0) {
            self.coils = coils
            self.discreteInputs = discreteInputs
            self.inputRegisters = inputRegisters
            self.holdingRegisters = holdingRegisters
        }

        func range(_ table: ModbusTable) -> Range<Int> {
            switch table {
            case .coil: coils
            case .discreteInput: discreteInputs
            case .inputRegister: inputRegisters
            case .holdingRegister: holdingRegisters
            }
        }
    }

    public let host: String
    /// Clients served at once (TCP); more wait in the listen backlog.
    public let maxClients: Int
    /// The bank of a single-bank server, answering every unit id.
    let shared: Bank?
    private let banks: [UInt8: Bank]

    let lock = NSLock()
    var served = 0
    private var filter: RequestFilter?
    private var context: OpaquePointer?
    /// The listening socket (TCP) or the open serial device (RTU).
    private var listenSocket: Int32 = -1
    /// Written to by `stop()` to wake the server thread out of `poll`.
    var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    private var finished: DispatchSemaphore?
    private var boundPort = 0
    private var serialDevice = ""

    /// A server whose one bank (`layout`) answers every unit id, on `host` (an IPv4
    /// address), not yet started.
    public init(layout: Layout, host: String = "127.0.0.1", maxClients: Int = 8) {
        self.host = host
        self.maxClients = max(1, maxClients)
        shared = Bank(layout: layout, name: "every unit")
        banks = [:]
    }

    /// A server with one bank per unit id; requests to other unit ids get no answer.
    public init(units: [UInt8: Layout], host: String = "127.0.0.1", maxClients: Int = 8) {
        self.host = host
        self.maxClients = max(1, maxClients)
        shared = nil
        banks = units.reduce(into: [:]) { $0[$1.key] = Bank(layout: $1.value, name: "unit \($1.key)") }
    }

    deinit { stop() }

    /// The layout of a single-bank server (empty for a server with one bank per unit).
    public var layout: Layout { shared?.layout ?? Layout() }

    /// The bank that answers `unit`, or nil when requests to it get no answer.
    public func bank(unit: UInt8) -> Bank? { shared ?? banks[unit] }

    /// The unit ids with a bank of their own, ascending (empty for a single-bank server).
    public var units: [UInt8] { banks.keys.sorted() }

    /// The TCP port the server listens on (0 before `start`, and when serving RTU).
    public var port: Int { boundPort }

    /// The serial device served (empty unless serving RTU).
    public var device: String { serialDevice }

    /// Requests answered so far (exception answers included, silenced requests not).
    public var requestsServed: Int { lock.withLock { served } }

    /// Whether the server thread is running.
    public var isRunning: Bool { finished != nil }

    /// Decides, per request and on the server thread, whether it is answered; nil answers all.
    /// May be changed while serving; it must be quick (it runs for every request).
    public var requestFilter: RequestFilter? {
        get { lock.withLock { filter } }
        set { lock.withLock { filter = newValue } }
    }

    // MARK: Lifecycle

    /// Binds `host:port` (0: any free port), listens and serves TCP on a thread named
    /// `floc-modbus-server`. Fails with `.linkDown` when the address cannot be bound.
    public func start(port: Int = 0) throws(HALError) {
        guard finished == nil else { return }
        let place = "modbus server \(host):\(port)"
        guard (0...65535).contains(port), let context = modbus_new_tcp(host, Int32(port)) else {
            throw HALError(.invalidArgument, operation: "create context", context: place,
                           detail: "port must be 0...65535 and host an IPv4 address")
        }
        // libmodbus binds 0.0.0.0 for a host starting with "0", else inet_addr(host).
        let socket = modbus_tcp_listen(context, Int32(maxClients))
        guard socket >= 0 else {
            let code = errno
            modbus_free(context)
            throw HALError(.linkDown, operation: "listen", context: place, errno: code,
                           detail: "cannot bind and listen: \(ModbusErrno.text(for: code))")
        }
        boundPort = Self.localPort(of: socket)
        try launch(context, descriptor: socket, place: place, rtuByteTimeout: nil)
    }

    /// Opens `settings.device` (a serial port or a pty) and answers Modbus RTU on it on a
    /// thread named `floc-modbus-server`. Fails with `.linkDown` when the device cannot be opened.
    public func start(serial settings: SerialPortSettings) throws(HALError) {
        guard finished == nil else { return }
        let place = "modbus server \(settings.device)"
        let parity: CChar = switch settings.parity {
        case .none: CChar(UInt8(ascii: "N"))
        case .even: CChar(UInt8(ascii: "E"))
        case .odd: CChar(UInt8(ascii: "O"))
        }
        guard let context = modbus_new_rtu(settings.device, Int32(clamping: settings.baud), parity,
                                           Int32(clamping: settings.dataBits), Int32(clamping: settings.stopBits))
        else {
            throw HALError(.invalidArgument, operation: "create context", context: place,
                           detail: "libmodbus refused the serial settings")
        }
        guard modbus_connect(context) == 0 else {
            let code = errno
            modbus_free(context)
            throw HALError(.linkDown, operation: "open", context: place, errno: code,
                           detail: "cannot open \(settings.device): \(ModbusErrno.text(for: code))")
        }
        serialDevice = settings.device
        try launch(context, descriptor: modbus_get_socket(context), place: place,
                   rtuByteTimeout: LibmodbusLink.rtuByteTimeout(settings))
    }

    /// Creates the wake pipe and starts the server thread: TCP, or RTU when a byte timeout is given.
    private func launch(_ context: OpaquePointer, descriptor: Int32, place: String,
                        rtuByteTimeout: Double?) throws(HALError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            _ = modbus_set_socket(context, -1)
            modbus_free(context)
            boundPort = 0
            serialDevice = ""
            throw HALError(.system, operation: "create wake pipe", context: place, errno: code,
                           detail: String(cString: strerror(code)))
        }
        self.context = context
        listenSocket = descriptor
        wakePipe = (fds[0], fds[1])
        let done = DispatchSemaphore(value: 0)
        finished = done
        let thread = Thread { [self] in
            // The context was stored before the thread started; only this thread uses it now.
            if let context = self.context {
                if let rtuByteTimeout {
                    serveRTU(context, descriptor: descriptor, byteTimeout: rtuByteTimeout)
                } else {
                    serveTCP(context)
                }
            }
            done.signal()
        }
        thread.name = "floc-modbus-server"
        thread.start()
    }

    /// Stops serving, closes every connection and the listening socket or serial device, and
    /// waits for the server thread. Calling it twice, or before `start`, is harmless.
    public func stop() {
        guard let done = finished else { return }
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
        done.wait()
        finished = nil
        Glibc.close(listenSocket)
        Glibc.close(wakePipe.read)
        Glibc.close(wakePipe.write)
        listenSocket = -1
        wakePipe = (-1, -1)
        if let context {
            // modbus_free does not close, but a later modbus_close must not hit a reused descriptor.
            _ = modbus_set_socket(context, -1)
            modbus_free(context)
        }
        context = nil
        boundPort = 0
        serialDevice = ""
    }

    private static func localPort(of socket: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: TCP server thread

    /// Waits on the listening socket, the clients and the wake pipe; answers one request
    /// per readable client. A client that closes or sends garbage is dropped.
    private func serveTCP(_ context: OpaquePointer) {
        var clients: [Int32] = []
        var query = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        defer { for client in clients { Glibc.close(client) } }
        while true {
            var fds = [pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: listenSocket, events: Int16(POLLIN), revents: 0)]
            fds += clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                return
            }
            if fds[0].revents != 0 { return }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var socket = listenSocket
                let client = modbus_tcp_accept(context, &socket)
                if client >= 0 {
                    if clients.count < maxClients { clients.append(client) } else { Glibc.close(client) }
                }
            }
            var dropped: Set<Int32> = []
            for entry in fds.dropFirst(2) where entry.revents != 0 {
                if !answerTCP(context, client: entry.fd, query: &query) { dropped.insert(entry.fd) }
            }
            for client in dropped { Glibc.close(client) }
            clients.removeAll { dropped.contains($0) }
        }
    }

    /// Receives one request from `client` and answers it; false when the connection is over
    /// (closed by the client, or a frame libmodbus cannot parse). A frame split across
    /// segments is awaited for up to libmodbus's byte timeout (0.5 s), other clients waiting
    /// meanwhile: fine for local clients and the simulator.
    private func answerTCP(_ context: OpaquePointer, client: Int32, query: inout [UInt8]) -> Bool {
        _ = modbus_set_socket(context, client)
        let length = query.withUnsafeMutableBufferPointer { modbus_receive(context, $0.baseAddress) }
        if length < 0 { return false }
        if length == 0 { return true }
        return dispatch(context, query: query, length: Int(length), headerLength: Int(modbus_get_header_length(context)))
    }
}
