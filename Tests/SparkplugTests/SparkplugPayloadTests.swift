import Testing
@testable import Telemetry

@Suite struct SparkplugPayloadTests {
    /// Wire bytes worked out by hand from sparkplug_b.proto field numbers:
    /// timestamp (1) = 1000, metric (2) {name "a", alias 1, datatype Int32 (3), int_value (10) 5}, seq (3) = 2.
    @Test func encodesAKnownPayloadByteForByte() {
        let payload = SparkplugPayload(timestamp: 1000, metrics: [
            SparkplugMetric(name: "a", alias: 1, value: .int32(5)),
        ], seq: 2)
        #expect(payload.encode() == [0x08, 0xE8, 0x07,
                                     0x12, 0x09, 0x0A, 0x01, 0x61, 0x10, 0x01, 0x20, 0x03, 0x50, 0x05,
                                     0x18, 0x02])
    }

    /// Int8 -1 travels as 255 in int_value; Double 1.5 as fixed64 0x3FF8000000000000 little-endian;
    /// a historical metric sets field 5; a null metric sets is_null (7) and keeps its datatype.
    @Test func encodesSignedDoubleHistoricalAndNull() {
        let payload = SparkplugPayload(metrics: [
            SparkplugMetric(alias: 2, value: .int8(-1)),
            SparkplugMetric(alias: 3, value: .double(1.5), isHistorical: true),
            SparkplugMetric(alias: 4, value: nil, nullDataType: 9),
        ])
        #expect(payload.encode() == [0x12, 0x07, 0x10, 0x02, 0x20, 0x01, 0x50, 0xFF, 0x01,
                                     0x12, 0x0F, 0x10, 0x03, 0x20, 0x0A, 0x28, 0x01,
                                     0x69, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F,
                                     0x12, 0x06, 0x10, 0x04, 0x20, 0x09, 0x38, 0x01])
    }

    @Test(arguments: [
        SparkplugValue.int8(-128), .int16(-300), .int32(Int32.min), .int64(-5_000_000_000),
        .uint8(255), .uint16(65535), .uint32(UInt32.max), .uint64(UInt64.max),
        .float(-2.25), .double(7.125e-3), .boolean(true), .boolean(false), .string("DO µg/L"),
    ])
    func roundTripsEveryType(_ value: SparkplugValue) throws {
        let payload = SparkplugPayload(timestamp: 1_763_800_000_123, metrics: [
            SparkplugMetric(name: "Basin 1/DO", alias: 42, timestamp: 1_763_800_000_000, value: value, isHistorical: true),
        ], seq: 255)
        #expect(try SparkplugPayload(decoding: payload.encode()) == payload)
    }

    /// A sender that sign-extends Int8 -1 to 32 bits (0xFFFFFFFF) still decodes as -1.
    @Test func decodesSignExtendedSmallInts() throws {
        let bytes: [UInt8] = [0x12, 0x0A, 0x10, 0x01, 0x20, 0x01, 0x50, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        #expect(try SparkplugPayload(decoding: bytes).metrics.first?.value == .int8(-1))
    }

    /// Unknown fields (uuid 4, body 5, a metric's metadata 8) are skipped, as protobuf requires.
    @Test func skipsUnknownFields() throws {
        let bytes: [UInt8] = [0x22, 0x01, 0x78, 0x12, 0x09, 0x10, 0x01, 0x42, 0x01, 0x00, 0x20, 0x0B, 0x70, 0x01, 0x18, 0x07]
        let payload = try SparkplugPayload(decoding: bytes)
        #expect(payload.seq == 7)
        #expect(payload.metrics == [SparkplugMetric(alias: 1, value: .boolean(true))])
    }

    @Test(arguments: [
        [0x08],                          // truncated varint
        [0x12, 0x05, 0x0A],              // length past the end
        [0x0B],                          // wire type 3 (groups) not allowed
        [0x12, 0x04, 0x20, 0x03, 0x50, 0x05],  // metric without name or alias
        [0x12, 0x04, 0x10, 0x01, 0x20, 0x03],  // metric without value
        [0x12, 0x06, 0x10, 0x01, 0x20, 0x10, 0x50, 0x00],  // DataSet (16) not supported
        [0x12, 0x05, 0x0A, 0x01, 0xFF, 0x10, 0x01],  // name not UTF-8
        [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // 11-byte varint
    ] as [[UInt8]])
    func rejectsMalformedInput(_ bytes: [UInt8]) {
        #expect(throws: SparkplugError.self) { try SparkplugPayload(decoding: bytes) }
    }

    @Test func parsesAndPrintsTopics() throws {
        let topic = try SparkplugTopic(parsing: "spBv1.0/Plant/DCMD/unit-7/Blower 1")
        #expect(topic == SparkplugTopic(group: "Plant", type: .dcmd, node: "unit-7", device: "Blower 1"))
        #expect(topic.string == "spBv1.0/Plant/DCMD/unit-7/Blower 1")
        #expect(throws: SparkplugError.self) { try SparkplugTopic(parsing: "spBv1.0/Plant/XCMD/unit-7") }
        #expect(throws: SparkplugError.self) { try SparkplugTopic(parsing: "spAv1.0/Plant/NCMD/unit-7") }
    }
}
