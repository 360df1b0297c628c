import FlocTestSupport
import Foundation
import Logging
import Testing
@testable import Telemetry

/// The CONNECT packet the edge node sends, read off the wire by a bare TCP listener (no broker):
/// what Sparkplug 3.0 asks of an MQTT 5 edge node, byte by byte.
@Suite struct MQTT5ConnectPacketTests {
    /// Listens on 127.0.0.1, accepts one connection and returns the first MQTT packet's bytes.
    final class OnePacketListener: @unchecked Sendable {
        let port: Int
        private let fd: Int32

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 1) == 0 else { throw SparkplugPeerError(message: "listen: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }

        /// The whole first packet (fixed header included), or nil within 10 s.
        func firstPacket() -> [UInt8]? {
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return nil }
            defer { close(client) }
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                if let (length, header) = Self.remainingLength(bytes), bytes.count >= header + length {
                    return Array(bytes.prefix(header + length))
                }
                let count = read(client, &buffer, buffer.count)
                guard count > 0 else { return nil }
                bytes += buffer.prefix(count)
            }
        }

        /// MQTT's variable-length integer after the first byte: (value, bytes of fixed header).
        static func remainingLength(_ bytes: [UInt8]) -> (Int, Int)? {
            var value = 0
            guard bytes.count >= 2 else { return nil }
            for index in 1..<min(bytes.count, 5) {
                value |= Int(bytes[index] & 0x7F) << (7 * (index - 1))
                if bytes[index] & 0x80 == 0 { return (value, index + 1) }
            }
            return nil
        }
    }

    @Test func mqtt5ConnectHasCleanStartSessionExpiryZeroAndAQoS1UnretainedWill() throws {
        let listener = try OnePacketListener()
        let node = SparkplugEdgeNode(group: "Floc", node: "unit-1", devices: [],
                                     logger: Logger(label: "floc.test.sparkplug")) { _ in .accepted }
        try node.start(.init(port: listener.port, clientID: "floc-unit-1", keepalive: 5, protocolVersion: .v5))
        defer { node.stop() }
        let packet = try #require(listener.firstPacket())
        let (_, header) = try #require(OnePacketListener.remainingLength(packet))
        #expect(packet[0] == 0x10, "CONNECT")
        let variable = Array(packet[header...])
        #expect(Array(variable[0..<6]) == [0, 4] + Array("MQTT".utf8))
        #expect(variable[6] == 5, "protocol level 5")
        let flags = variable[7]
        #expect(flags & 0x02 != 0, "Clean Start")
        #expect(flags & 0x04 != 0, "a will")
        #expect((flags >> 3) & 0x03 == 1, "will QoS 1")
        #expect(flags & 0x20 == 0, "will not retained")
        #expect(Array(variable[8..<10]) == [0, 5], "keepalive 5 s")
        // Properties: length, then identifier 0x11 (Session Expiry Interval), four bytes of 0.
        let (propertiesLength, lengthBytes) = try #require(OnePacketListener.remainingLength([0] + variable[10...]))
        let properties = Array(variable[(10 + lengthBytes - 1)..<(10 + lengthBytes - 1 + propertiesLength)])
        let expiry = try #require(properties.firstIndex(of: 0x11))
        #expect(Array(properties[(expiry + 1)...].prefix(4)) == [0, 0, 0, 0], "Session Expiry Interval 0")
    }
}
