import Testing
@testable import Telemetry

@Suite struct HJ212PacketTests {
    /// HJ 212-2017 appendix A example, as quoted in Floc issue 5: 101 characters, CRC 1C80.
    static let vector = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"

    @Test func crcMatchesTheStandardsVector() {
        #expect(Self.vector.utf8.count == 101)
        #expect(HJ212Packet.crc(Array(Self.vector.utf8)) == 0x1C80)
    }

    @Test func crcIsNotModbus() {
        // CRC-16/MODBUS of "123456789" is 0x4B37; the HJ 212 variant differs.
        #expect(HJ212Packet.crc(Array("123456789".utf8)) != 0x4B37)
    }

    @Test func encodesTheStandardsFrame() throws {
        let bytes = try HJ212Packet(dataSegment: Self.vector).encode()
        #expect(String(decoding: bytes, as: UTF8.self) == "##0101" + Self.vector + "1C80\r\n")
        #expect(try HJ212Packet.decode(bytes).dataSegment == Self.vector)
    }

    @Test(arguments: [
        ("", HJ212PacketError.tooShort(0)),
        ("xx0000FFFF\r\nxx", .missingHeader),
        ("##00a1FFFF\r\n", .badLengthField("00a1")),
        ("##0005abcFFFF\r\n", .lengthMismatch(declared: 5, actual: 3)),
        ("##0000FFFF\n\n", .missingTerminator),
        ("##0003abcZZZZ\r\n", .badCRCField("ZZZZ")),
        ("##0003abc0000\r\n", .crcMismatch(received: 0, computed: HJ212Packet.crc(Array("abc".utf8)))),
    ])
    func malformedPacketsAreErrors(text: String, expected: HJ212PacketError) {
        #expect(throws: expected) { try HJ212Packet.decode(Array(text.utf8)) }
    }

    @Test func tooLongDataSegmentIsRefused() {
        #expect(throws: HJ212PacketError.dataSegmentTooLong(1025)) {
            try HJ212Packet(dataSegment: String(repeating: "a", count: 1025)).encode()
        }
    }

    @Test func streamDecoderSkipsGarbageAndBadFrames() throws {
        var decoder = HJ212StreamDecoder()
        let good = try HJ212Packet(dataSegment: Self.vector).encode()
        decoder.feed(Array("noise#".utf8) + Array("##0003abc0000\r\n".utf8) + good.prefix(20))
        guard case .failure(.crcMismatch) = decoder.next() else { Issue.record("bad frame not reported"); return }
        #expect(decoder.next() == nil)
        decoder.feed(good.dropFirst(20))
        #expect(try decoder.next()?.get().dataSegment == Self.vector)
        #expect(decoder.next() == nil)
    }

    @Test func randomBytesNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        var decoder = HJ212StreamDecoder()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
                [0x23, 0x0D, 0x0A, 0x30, UInt8.random(in: 0...255, using: &generator)].randomElement()!
            }
            // Whatever decodes must be a well-formed packet: encoding it gives the same bytes back.
            if let packet = try? HJ212Packet.decode(bytes) { #expect(try packet.encode() == bytes) }
            decoder.feed(bytes)
            while let result = decoder.next() {
                if case .success(let packet) = result { #expect(throws: Never.self) { try packet.encode() } }
            }
        }
    }
}
