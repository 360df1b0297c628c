/// Why bytes are not an HJ 212-2017 packet.
public enum HJ212PacketError: Error, Equatable, Sendable {
    /// Fewer bytes than `##` + length + CRC + CRLF.
    case tooShort(Int)
    /// The packet does not start with `##`.
    case missingHeader
    /// The 4-character length field is not 4 decimal digits.
    case badLengthField(String)
    /// The length field does not match the data segment's byte count.
    case lengthMismatch(declared: Int, actual: Int)
    /// The data segment is longer than the standard allows (1024 bytes).
    case dataSegmentTooLong(Int)
    /// The packet does not end with CR LF.
    case missingTerminator
    /// The CRC field is not 4 hexadecimal digits.
    case badCRCField(String)
    /// The CRC does not match the data segment.
    case crcMismatch(received: UInt16, computed: UInt16)
    /// The data segment contains bytes outside printable ASCII.
    case nonASCII
}

/// One HJ 212-2017 packet: `##` + 4-digit length + data segment + 4 hex CRC + CR LF (clause 6.3).
public struct HJ212Packet: Equatable, Sendable {
    /// The data segment (`QN=...;ST=...;...;CP=&&...&&`), ASCII.
    public var dataSegment: String

    /// HJ 212-2017 limits the data segment to 0...1024 bytes.
    public static let maxDataSegment = 1024

    public init(dataSegment: String) { self.dataSegment = dataSegment }

    /// The packet's bytes. Throws ``HJ212PacketError/dataSegmentTooLong(_:)`` or `.nonASCII`.
    public func encode() throws -> [UInt8] {
        let data = Array(dataSegment.utf8)
        guard data.count <= Self.maxDataSegment else { throw HJ212PacketError.dataSegmentTooLong(data.count) }
        guard data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw HJ212PacketError.nonASCII }
        let length = String(data.count)
        let crc = String(Self.crc(data), radix: 16, uppercase: true)
        return Array("##".utf8) + Array((String(repeating: "0", count: 4 - length.count) + length).utf8) + data
            + Array((String(repeating: "0", count: 4 - crc.count) + crc).utf8) + [0x0D, 0x0A]
    }

    /// Parses one complete packet (CR LF included), checking length, CRC and terminator.
    public static func decode(_ bytes: [UInt8]) throws -> HJ212Packet {
        guard bytes.count >= 12 else { throw HJ212PacketError.tooShort(bytes.count) }
        guard bytes[0] == 0x23, bytes[1] == 0x23 else { throw HJ212PacketError.missingHeader }
        let lengthText = String(decoding: bytes[2..<6], as: UTF8.self)
        guard lengthText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let declared = Int(lengthText) else {
            throw HJ212PacketError.badLengthField(lengthText)
        }
        guard bytes[bytes.count - 2] == 0x0D, bytes[bytes.count - 1] == 0x0A else {
            throw HJ212PacketError.missingTerminator
        }
        let actual = bytes.count - 12
        guard declared == actual else { throw HJ212PacketError.lengthMismatch(declared: declared, actual: actual) }
        guard actual <= maxDataSegment else { throw HJ212PacketError.dataSegmentTooLong(actual) }
        let data = Array(bytes[6..<(6 + actual)])
        let crcText = String(decoding: bytes[(6 + actual)..<(10 + actual)], as: UTF8.self)
        guard crcText.utf8.allSatisfy(\.isHexDigit), let received = UInt16(crcText, radix: 16) else {
            throw HJ212PacketError.badCRCField(crcText)
        }
        let computed = crc(data)
        guard received == computed else { throw HJ212PacketError.crcMismatch(received: received, computed: computed) }
        guard data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw HJ212PacketError.nonASCII }
        return HJ212Packet(dataSegment: String(decoding: data, as: UTF8.self))
    }

    /// The HJ 212-2017 CRC16 of the data segment (appendix A): reflected polynomial 0xA001 from 0xFFFF,
    /// but each byte is XORed into the *high-shifted* register (`crc >> 8 ^ b`), unlike CRC-16/MODBUS.
    public static func crc(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc = (crc >> 8) ^ UInt16(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xA001 : crc >> 1
            }
        }
        return crc
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
