import CModbus
import HAL

#if canImport(Glibc)
import Glibc
#endif

extension LibmodbusServer {
    /// A request as the server received it, for a ``RequestFilter``.
    public struct Request: Sendable, Equatable {
        public var unit: UInt8
        /// The Modbus function code (1..6, 15, 16; others are answered ILLEGAL FUNCTION by libmodbus).
        public var function: UInt8
        /// The table the function addresses, nil for other functions.
        public var table: ModbusTable?
        /// First address (protocol, 0-based) and number of registers or bits.
        public var address: UInt16
        public var count: Int

        /// Functions 5, 6, 15 and 16.
        public var isWrite: Bool { [5, 6, 15, 16].contains(function) }

        /// The addresses the request touches.
        public var span: Range<Int> { Int(address)..<(Int(address) + max(count, 1)) }
    }

    /// What the server does with one request: answer it (after an optional delay), stay
    /// silent (the master times out), or answer a Modbus exception.
    public struct Disposition: Sendable, Equatable {
        public enum Answer: Sendable, Equatable {
            case reply
            case silence
            case exception(ModbusException)
            /// The reply is sent damaged, as line noise would leave it: on RTU its CRC is
            /// wrong, on TCP its transaction id (TCP has no CRC). Writes still take effect.
            case corrupt
        }

        public var answer: Answer
        /// Seconds to wait before answering (a slow device). The server answers nobody else
        /// meanwhile, as one RS-485 line cannot.
        public var delay: Double

        public init(_ answer: Answer, delay: Double = 0) {
            self.answer = answer
            self.delay = delay
        }

        public static let reply = Disposition(.reply)
        public static let silence = Disposition(.silence)
        public static func exception(_ code: ModbusException) -> Disposition { Disposition(.exception(code)) }
        public static let corrupt = Disposition(.corrupt)
    }

    /// Decides the fate of each request; runs on the server thread.
    public typealias RequestFilter = @Sendable (Request) -> Disposition

    /// Parses the PDU after `headerLength` bytes (MBAP or RTU address); nil for a frame too short.
    static func parse(_ query: [UInt8], length: Int, headerLength: Int) -> Request? {
        let h = headerLength
        guard h >= 1, length >= h + 5 else { return nil }
        let function = query[h]
        let address = UInt16(query[h + 1]) << 8 | UInt16(query[h + 2])
        let quantity = Int(query[h + 3]) << 8 | Int(query[h + 4])
        let table: ModbusTable? = switch function {
        case 1, 5, 15: .coil
        case 2: .discreteInput
        case 3, 6, 16: .holdingRegister
        case 4: .inputRegister
        default: nil
        }
        let count = function == 5 || function == 6 ? 1 : quantity
        return Request(unit: query[h - 1], function: function, table: table, address: address, count: count)
    }

    /// Answers one complete request frame (`length` bytes of `query`) from the bank of its
    /// unit, as the filter decides. False only when the answer could not be sent.
    func dispatch(_ context: OpaquePointer, query: [UInt8], length: Int, headerLength: Int) -> Bool {
        guard let request = Self.parse(query, length: length, headerLength: headerLength),
              let bank = bank(unit: request.unit) else { return true }
        let disposition = requestFilter?(request) ?? .reply
        if disposition.answer == .silence { return true }
        if disposition.delay > 0, !pause(seconds: disposition.delay) { return true }
        lock.withLock { served += 1 }
        switch disposition.answer {
        case .exception(let code):
            return query.withUnsafeBufferPointer { modbus_reply_exception(context, $0.baseAddress, UInt32(code.rawValue)) } >= 0
        case .reply, .silence:
            return bank.lock.withLock {
                let sent = query.withUnsafeBufferPointer { modbus_reply(context, $0.baseAddress, Int32(length), bank.mapping) }
                if sent >= 0, request.isWrite { bank.noteWrite() }
                return sent >= 0
            }
        case .corrupt:
            return replyCorrupted(context, query: query, length: length, request: request, bank: bank,
                                  isRTU: headerLength == 1)
        }
    }

    /// libmodbus builds and sends replies in one call, so the reply is captured on a socket
    /// pair standing in for the connection, damaged, then sent on the real descriptor.
    private func replyCorrupted(_ context: OpaquePointer, query: [UInt8], length: Int, request: Request, bank: Bank,
                                isRTU: Bool) -> Bool {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else { return false }
        defer { Glibc.close(pair[0]); Glibc.close(pair[1]) }
        let real = modbus_get_socket(context)
        _ = modbus_set_socket(context, pair[0])
        let sent = bank.lock.withLock {
            let sent = query.withUnsafeBufferPointer { modbus_reply(context, $0.baseAddress, Int32(length), bank.mapping) }
            if sent >= 0, request.isWrite { bank.noteWrite() }
            return sent
        }
        _ = modbus_set_socket(context, real)
        guard sent > 0 else { return sent >= 0 }
        var reply = [UInt8](repeating: 0, count: Int(sent))
        let got = reply.withUnsafeMutableBufferPointer { recv(pair[1], $0.baseAddress, Int(sent), Int32(MSG_DONTWAIT)) }
        guard got == Int(sent) else { return false }
        if isRTU { reply[reply.count - 1] ^= 0xA5 } else { reply[0] ^= 0xA5 }
        return reply.withUnsafeBufferPointer { Glibc.write(real, $0.baseAddress, $0.count) } == reply.count
    }

    /// Sleeps up to `seconds`, woken early by `stop()`; false when stopping.
    private func pause(seconds: Double) -> Bool {
        var wake = pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)
        // The wake byte stays in the pipe, so the serving loop sees it too.
        return poll(&wake, 1, Int32(clamping: Int((seconds * 1000).rounded(.up)))) == 0
    }
}
