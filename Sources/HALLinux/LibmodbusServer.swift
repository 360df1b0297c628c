import CModbus
import Foundation
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// A Modbus TCP server over libmodbus's server API, serving one register bank to any
/// number of clients (every unit id gets the same bank) from a dedicated thread.
///
/// Used where Floc must *be* a device: the benchmark's counterpart and the plant
/// simulator's emulated instruments. The bank is read and written from any thread
/// under the same lock the server thread holds while it answers, so a request never
/// sees a value half written. Addresses outside the layout answer ILLEGAL DATA ADDRESS.
public final class LibmodbusServer: @unchecked Sendable {
    // @unchecked: the context and sockets are touched by the server thread only (and by
    // start/stop around it); the mapping only under `lock`.

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

    public let layout: Layout
    public let host: String
    /// Clients served at once; more wait in the listen backlog.
    public let maxClients: Int

    let lock = NSLock()
    let mapping: UnsafeMutablePointer<modbus_mapping_t>
    private var context: OpaquePointer?
    private var listenSocket: Int32 = -1
    /// Written to by `stop()` to wake the server thread out of `poll`.
    private var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    private var finished: DispatchSemaphore?
    private var boundPort = 0
    private var served = 0

    /// A server for `layout` on `host` (an IPv4 address), not yet listening. Port 0 in
    /// `start(port:)` lets the kernel choose a free port, reported by ``port``.
    public init(layout: Layout, host: String = "127.0.0.1", maxClients: Int = 8) {
        self.layout = layout
        self.host = host
        self.maxClients = max(1, maxClients)
        func start(_ range: Range<Int>) -> UInt32 { UInt32(clamping: range.lowerBound) }
        func count(_ range: Range<Int>) -> UInt32 { UInt32(clamping: range.count) }
        guard let mapping = modbus_mapping_new_start_address(
            start(layout.coils), count(layout.coils), start(layout.discreteInputs), count(layout.discreteInputs),
            start(layout.holdingRegisters), count(layout.holdingRegisters),
            start(layout.inputRegisters), count(layout.inputRegisters))
        else { fatalError("libmodbus cannot allocate a register mapping: out of memory") }
        self.mapping = mapping
    }

    deinit {
        stop()
        modbus_mapping_free(mapping)
    }

    /// The TCP port the server listens on (0 before `start`).
    public var port: Int { boundPort }

    /// Requests answered so far (exception answers included).
    public var requestsServed: Int { lock.withLock { served } }

    /// Whether the server thread is running.
    public var isRunning: Bool { finished != nil }

    // MARK: Lifecycle

    /// Binds `host:port` (0: any free port), listens and starts serving on a thread named
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
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            let code = errno
            Glibc.close(socket)
            modbus_free(context)
            throw HALError(.system, operation: "create wake pipe", context: place, errno: code,
                           detail: String(cString: strerror(code)))
        }
        self.context = context
        listenSocket = socket
        wakePipe = (fds[0], fds[1])
        boundPort = Self.localPort(of: socket)
        let done = DispatchSemaphore(value: 0)
        finished = done
        let thread = Thread { [self] in
            serve()
            done.signal()
        }
        thread.name = "floc-modbus-server"
        thread.start()
    }

    /// Stops serving, closes every connection and the listening socket, and waits for the
    /// server thread. Calling it twice, or before `start`, is harmless.
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
        if let context { modbus_free(context) }
        context = nil
        boundPort = 0
    }

    private static func localPort(of socket: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: Server thread

    /// Waits on the listening socket, the clients and the wake pipe; answers one request
    /// per readable client. A client that closes or sends garbage is dropped.
    private func serve() {
        guard let context else { return }
        var clients: [Int32] = []
        var query = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        defer {
            for client in clients { Glibc.close(client) }
            // modbus_free does not close, but a later modbus_close must not hit a reused descriptor.
            _ = modbus_set_socket(context, -1)
        }
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
                if !answer(context, client: entry.fd, query: &query) { dropped.insert(entry.fd) }
            }
            for client in dropped { Glibc.close(client) }
            clients.removeAll { dropped.contains($0) }
        }
    }

    /// Receives one request from `client` and replies from the mapping; false when the
    /// connection is over (closed by the client, or a frame libmodbus cannot parse).
    /// A frame split across segments is awaited for up to libmodbus's byte timeout
    /// (0.5 s), other clients waiting meanwhile: fine for local clients and the simulator.
    private func answer(_ context: OpaquePointer, client: Int32, query: inout [UInt8]) -> Bool {
        _ = modbus_set_socket(context, client)
        let length = query.withUnsafeMutableBufferPointer { modbus_receive(context, $0.baseAddress) }
        if length < 0 { return false }
        if length == 0 { return true }
        lock.lock()
        defer { lock.unlock() }
        served += 1
        return query.withUnsafeBufferPointer { modbus_reply(context, $0.baseAddress, length, mapping) } >= 0
    }
}
