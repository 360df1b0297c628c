import Testing
@testable import Telemetry

/// Damaged input never traps the decoder: it decodes or throws `SparkplugError`.
/// Exhaustive over small spaces instead of random, so every case is the same on every run.
@Suite struct SparkplugFuzzTests {
    static let valid = SparkplugPayload(timestamp: 1_763_800_000_000, metrics: [
        SparkplugMetric(name: "Basin 1/DO", alias: 3, timestamp: 1_763_800_000_000, value: .double(2.5)),
        SparkplugMetric(alias: 4, value: .string("auto")),
        SparkplugMetric(alias: 5, value: .int16(-9), isHistorical: true),
    ], seq: 17).encode()

    /// Every byte replaced by every value, every truncation, and a byte inserted at every position.
    @Test func everySingleByteDamageDecodesOrThrows() {
        var decoded = 0
        var cases = 0
        func check(_ bytes: [UInt8]) {
            cases += 1
            if (try? SparkplugPayload(decoding: bytes)) != nil { decoded += 1 }
        }
        for index in Self.valid.indices {
            for value in UInt8.min...UInt8.max {
                var bytes = Self.valid
                bytes[index] = value
                check(bytes)
                bytes = Self.valid
                bytes.insert(value, at: index)
                check(bytes)
            }
            check(Array(Self.valid.prefix(index)))
        }
        // Damage inside a value or a name still decodes; damage to tags and lengths does not.
        #expect(decoded > 0 && decoded < cases)
    }

    /// All inputs of up to two bytes, and every three-byte input that starts a metric field.
    @Test func allShortInputsDecodeOrThrow() {
        for a in UInt8.min...UInt8.max {
            _ = try? SparkplugPayload(decoding: [a])
            for b in UInt8.min...UInt8.max {
                _ = try? SparkplugPayload(decoding: [a, b])
                _ = try? SparkplugPayload(decoding: [0x12, a, b])
            }
        }
        #expect(throws: SparkplugError.self) { try SparkplugPayload(decoding: [0x12, 0x02, 0x10]) }
    }
}
