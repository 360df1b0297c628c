import Config
import FieldIO
import HAL
import Testing

@Suite struct RegisterCodecTests {
    struct Pattern: Sendable, CustomTestStringConvertible {
        var type: ValueType
        var raw: RawValue
        /// Wire registers for ABCD, CDAB, BADC, DCBA.
        var words: [WordOrder: [UInt16]]
        var testDescription: String { "\(type.rawValue) \(raw)" }
        var isExactInDouble: Bool {
            switch raw {
            case .unsigned(let value): UInt64(exactly: Double(value)) == value
            case .signed(let value): Int64(exactly: Double(value)) == value
            default: true
            }
        }
    }

    static let patterns: [Pattern] = [
        // float32 123.456 = 0x42F6E979.
        Pattern(type: .float32, raw: .float(Double(Float(123.456))), words: [
            .abcd: [0x42F6, 0xE979], .cdab: [0xE979, 0x42F6], .badc: [0xF642, 0x79E9], .dcba: [0x79E9, 0xF642],
        ]),
        // int32 -2 = 0xFFFFFFFE.
        Pattern(type: .int32, raw: .signed(-2), words: [
            .abcd: [0xFFFF, 0xFFFE], .cdab: [0xFFFE, 0xFFFF], .badc: [0xFFFF, 0xFEFF], .dcba: [0xFEFF, 0xFFFF],
        ]),
        Pattern(type: .uint32, raw: .unsigned(0x1234_5678), words: [
            .abcd: [0x1234, 0x5678], .cdab: [0x5678, 0x1234], .badc: [0x3412, 0x7856], .dcba: [0x7856, 0x3412],
        ]),
        Pattern(type: .uint64, raw: .unsigned(0x0102_0304_0506_0708), words: [
            .abcd: [0x0102, 0x0304, 0x0506, 0x0708], .cdab: [0x0708, 0x0506, 0x0304, 0x0102],
            .badc: [0x0201, 0x0403, 0x0605, 0x0807], .dcba: [0x0807, 0x0605, 0x0403, 0x0201],
        ]),
        Pattern(type: .uint64, raw: .unsigned(0x0102_0304_0506_0000), words: [
            .abcd: [0x0102, 0x0304, 0x0506, 0x0000], .cdab: [0x0000, 0x0506, 0x0304, 0x0102],
            .badc: [0x0201, 0x0403, 0x0605, 0x0000], .dcba: [0x0000, 0x0605, 0x0403, 0x0201],
        ]),
        // Above 2^53: must stay exact as a raw value.
        Pattern(type: .uint64, raw: .unsigned(0xFFFF_FFFF_FFFF_FFFF), words: [
            .abcd: [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], .cdab: [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF],
            .badc: [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], .dcba: [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF],
        ]),
        Pattern(type: .int64, raw: .signed(-2), words: [
            .abcd: [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE], .cdab: [0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF],
            .badc: [0xFFFF, 0xFFFF, 0xFFFF, 0xFEFF], .dcba: [0xFEFF, 0xFFFF, 0xFFFF, 0xFFFF],
        ]),
        // float64 -118.625 = 0xC05DA80000000000.
        Pattern(type: .float64, raw: .float(-118.625), words: [
            .abcd: [0xC05D, 0xA800, 0x0000, 0x0000], .cdab: [0x0000, 0x0000, 0xA800, 0xC05D],
            .badc: [0x5DC0, 0x00A8, 0x0000, 0x0000], .dcba: [0x0000, 0x0000, 0x00A8, 0x5DC0],
        ]),
        Pattern(type: .int16, raw: .signed(-2), words: [
            .abcd: [0xFFFE], .cdab: [0xFFFE], .badc: [0xFEFF], .dcba: [0xFEFF],
        ]),
        Pattern(type: .uint16, raw: .unsigned(0x1234), words: [
            .abcd: [0x1234], .cdab: [0x1234], .badc: [0x3412], .dcba: [0x3412],
        ]),
        Pattern(type: .bool, raw: .bool(true), words: [
            .abcd: [0x0001], .cdab: [0x0001], .badc: [0x0100], .dcba: [0x0100],
        ]),
    ]

    @Test(arguments: patterns)
    func decodesAndEncodesEveryOrder(_ pattern: Pattern) throws {
        #expect(pattern.words.count == 4)
        for (order, words) in pattern.words {
            #expect(RegisterCodec.decodeRaw(words, type: pattern.type, order: order) == pattern.raw, "\(order)")
            let spec = PointSpec(name: "p", table: .holding, address: 0, type: pattern.type, order: order)
            // Integers with more than 53 significant bits do not survive Double, the
            // engineering type; encode is checked where the value is exact.
            if pattern.isExactInDouble {
                #expect(try RegisterCodec.encode(pattern.raw.double, spec: spec) == words, "\(order)")
            }
        }
    }

    @Test func scaleAndOffsetBothWays() throws {
        let spec = PointSpec(name: "level", table: .holding, address: 0, type: .int16, scale: 0.01, offset: -1)
        #expect(abs(RegisterCodec.decode([250], spec: spec) - 1.5) < 1e-12)
        #expect(try RegisterCodec.encode(1.5, spec: spec) == [250])
        #expect(try RegisterCodec.encode(1.504, spec: spec) == [250], "rounds to the register's resolution")
        #expect(try RegisterCodec.encode(1.506, spec: spec) == [251])
        #expect(try RegisterCodec.encode(-1.02, spec: spec) == [0xFFFE], "negative raw -2")
        let flow = PointSpec(name: "flow", table: .input, address: 0, type: .float32, order: .cdab, scale: 2, offset: 10)
        #expect(RegisterCodec.decode([0x0000, 0x3F80], spec: flow) == 12, "1.0 * 2 + 10")
    }

    struct EncodeFailure: Sendable {
        var type: ValueType
        var value: Double
        var scale: Double
        var reason: CodecError.Reason
    }

    @Test(arguments: [
        EncodeFailure(type: .uint16, value: .nan, scale: 1, reason: .notFinite),
        EncodeFailure(type: .float32, value: .infinity, scale: 1, reason: .notFinite),
        EncodeFailure(type: .uint16, value: -1, scale: 1, reason: .doesNotFit),
        EncodeFailure(type: .uint16, value: 65535.6, scale: 1, reason: .doesNotFit),
        EncodeFailure(type: .int16, value: 3276.8, scale: 0.1, reason: .doesNotFit),
        EncodeFailure(type: .int32, value: 2_147_483_648, scale: 1, reason: .doesNotFit),
        EncodeFailure(type: .uint64, value: 18_446_744_073_709_551_616, scale: 1, reason: .doesNotFit),
        EncodeFailure(type: .float32, value: 1e39, scale: 1, reason: .doesNotFit),
        EncodeFailure(type: .uint16, value: 1, scale: 0, reason: .badScale),
    ])
    func encodeRejects(_ failure: EncodeFailure) {
        let spec = PointSpec(name: "p", table: .holding, address: 0, type: failure.type, scale: failure.scale)
        let error = #expect(throws: CodecError.self) {
            _ = try RegisterCodec.encode(failure.value, spec: spec)
        }
        #expect(error?.reason == failure.reason)
        #expect(error?.point == "p")
    }

    @Test func encodeAcceptsTheTypeLimits() throws {
        let int16 = PointSpec(name: "p", table: .holding, address: 0, type: .int16)
        #expect(try RegisterCodec.encode(-32768, spec: int16) == [0x8000])
        #expect(try RegisterCodec.encode(32767.4, spec: int16) == [0x7FFF])
        let uint16 = PointSpec(name: "p", table: .holding, address: 0, type: .uint16)
        #expect(try RegisterCodec.encode(65535.4, spec: uint16) == [0xFFFF])
    }

    @Test func namedFlagsFromAStatusWord() {
        let spec = PointSpec(name: "status", table: .holding, address: 0, type: .uint16, flags: [
            BitFlag(name: "error", bit: 0), BitFlag(name: "warming_up", bit: 1), BitFlag(name: "calibration_due", bit: 3),
        ])
        #expect(RegisterCodec.flags([0b1001], spec: spec) == ["error": true, "warming_up": false, "calibration_due": true])
        let wide = PointSpec(name: "alarms", table: .holding, address: 0, type: .uint32, order: .cdab,
                             flags: [BitFlag(name: "high", bit: 16), BitFlag(name: "low", bit: 0)])
        // CDAB: the low word comes first on the wire, so bit 16 is bit 0 of the second register.
        #expect(RegisterCodec.flags([0x0000, 0x0001], spec: wide) == ["high": true, "low": false])
    }

    @Test func bitPointsAndTables() throws {
        let coil = PointSpec(name: "blower", table: .coil, address: 3, type: .bool, access: .readWrite)
        #expect(RegisterCodec.decode(bit: true, spec: coil) == 1)
        #expect(try RegisterCodec.encodeBit(1, spec: coil))
        #expect(try !RegisterCodec.encodeBit(0, spec: coil))
        #expect(RegisterCodec.table(for: coil) == .coil)
        #expect(RegisterCodec.table(for: .discrete) == .discreteInput)
        #expect(RegisterCodec.table(for: .input) == .inputRegister)
        #expect(RegisterCodec.table(for: .holding) == .holdingRegister)
    }
}
