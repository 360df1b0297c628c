import Foundation
import Historian
import Testing

/// The raw block's blob: every sample back bit for bit, compactly.
@Suite struct HistoryBlockCodecTests {
    static let cases: [(String, [HistorySample])] = [
        ("empty", []),
        ("one", [HistorySample(time: HistoryFixture.epoch, value: 7.25, quality: .good)]),
        ("steady 1 s, float32-sourced values", (0..<10).map {
            HistorySample(time: HistoryFixture.epoch + Int64($0) * 1000, value: Double(Float(6.8 + 0.013 * Double($0))), quality: .good)
        }),
        ("NaN, infinities, -0, qualities", [
            HistorySample(time: 1000, value: .nan, quality: .bad),
            HistorySample(time: 2000, value: .nan, quality: .bad),
            HistorySample(time: 3000, value: -0.0, quality: .uncertain),
            HistorySample(time: 4000, value: .infinity, quality: .bad),
            HistorySample(time: 5000, value: -.greatestFiniteMagnitude, quality: .good),
            HistorySample(time: 6000, value: .leastNonzeroMagnitude, quality: .good),
        ]),
        ("irregular and backwards times, before 1970", [
            HistorySample(time: -5, value: 1, quality: .good),
            HistorySample(time: 990, value: 1, quality: .good),
            HistorySample(time: 970, value: 2, quality: .good),
            HistorySample(time: Int64.max / 2, value: 3, quality: .uncertain),
        ]),
    ]

    @Test(arguments: cases)
    func roundTrip(_ name: String, _ samples: [HistorySample]) throws {
        let decoded = try HistoryBlockCodec.decode(HistoryBlockCodec.encode(samples))
        #expect(decoded == samples, "\(name)")
        #expect(decoded.map { $0.value.isNaN } == samples.map { $0.value.isNaN })
    }

    @Test func steadySamplesTakeAFewBytesEach() {
        let constant = (0..<60).map { HistorySample(time: Int64($0) * 1000, value: 7.0, quality: .good) }
        let float32 = (0..<60).map { HistorySample(time: Int64($0) * 1000, value: Double(Float(7 + sin(Double($0)))), quality: .good) }
        #expect(HistoryBlockCodec.encode(constant).count <= 60 + 12, "one header byte each")
        #expect(HistoryBlockCodec.encode(float32).count <= 5 * 60 + 12, "registers' Float32 leave trailing zero bytes")
    }

    @Test func damagedBlocksAreRefused() {
        let good = HistoryBlockCodec.encode([HistorySample(time: 1, value: 2, quality: .good),
                                             HistorySample(time: 2, value: 3, quality: .good)])
        for bad in [[], [9] + good.dropFirst(), Array(good.dropLast()), good + [0]] {
            #expect(throws: HistoryError.self) { try HistoryBlockCodec.decode(Array(bad)) }
        }
    }
}
