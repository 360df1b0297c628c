/// The blob of one raw block: the samples of one series over a few seconds, compact enough that an
/// SD card sees a few bytes per value rather than a row per value.
///
/// Layout (version 1): `version`, `count` (varint), then per sample a header byte: quality in bits
/// 7-6; bit 5 set when the time step equals the previous one; in bits 4-0 the leading zero bytes
/// (0-3) and the length (1-8) of the value's XOR with the previous value, `0x1F` for an unchanged
/// value. The first sample's time follows its header (zigzag varint, ms), and the change of the
/// time step for the others unless bit 5 says it is the same; then the XOR's meaningful bytes.
/// Values from 16- or 32-bit registers leave trailing zero bytes, so at a steady period a changing
/// value takes about 5 bytes and an unchanged one a single byte. NaN round-trips.
public enum HistoryBlockCodec {
    static let version: UInt8 = 1
    private static let unchanged: UInt8 = 0x1F
    private static let sameStep: UInt8 = 0x20

    /// Encodes `samples` (in time order).
    public static func encode(_ samples: [HistorySample]) -> [UInt8] {
        var bytes: [UInt8] = [version]
        bytes.reserveCapacity(4 + samples.count * 6)
        appendVarint(UInt64(samples.count), to: &bytes)
        var previousTime: Int64 = 0
        var previousStep: Int64 = 0
        var previousBits: UInt64 = 0
        for (index, sample) in samples.enumerated() {
            let step = sample.time &- previousTime
            let steady = index > 0 && step == previousStep
            let bits = sample.value.bitPattern
            let change = bits ^ previousBits
            let leading = min(3, change.leadingZeroBitCount / 8)
            let trailing = change.trailingZeroBitCount / 8
            let length = 8 - leading - trailing
            var header = (sample.quality.rawValue & 0x3) << 6 | (steady ? sameStep : 0)
            header |= change == 0 ? unchanged : UInt8(leading << 3) | UInt8(length - 1)
            bytes.append(header)
            if index == 0 {
                appendVarint(zigzag(sample.time), to: &bytes)
            } else if !steady {
                appendVarint(zigzag(step &- previousStep), to: &bytes)
                previousStep = step
            }
            previousTime = sample.time
            previousBits = bits
            guard change != 0 else { continue }
            for byte in 0..<length { bytes.append(UInt8(truncatingIfNeeded: change >> (8 * (trailing + byte)))) }
        }
        return bytes
    }

    /// Decodes a blob made by `encode`; throws ``HistoryError/damagedBlock(_:)`` for anything else.
    public static func decode(_ bytes: [UInt8]) throws(HistoryError) -> [HistorySample] {
        var reader = ByteReader(bytes: bytes)
        guard try reader.byte() == version else { throw .damagedBlock("unknown block version \(bytes[0])") }
        let count = try reader.varint()
        guard count <= UInt64(bytes.count) else { throw .damagedBlock("count \(count) exceeds the block") }
        var samples: [HistorySample] = []
        samples.reserveCapacity(Int(count))
        var time: Int64 = 0
        var step: Int64 = 0
        var bits: UInt64 = 0
        for index in 0..<Int(count) {
            let header = try reader.byte()
            guard let quality = HistoryQuality(rawValue: header >> 6) else { throw .damagedBlock("quality \(header >> 6)") }
            if index == 0 {
                time = unzigzag(try reader.varint())
            } else {
                if header & sameStep == 0 { step = step &+ unzigzag(try reader.varint()) }
                time = time &+ step
            }
            let code = header & 0x1F
            if code != unchanged {
                let leading = Int(code >> 3)
                let length = Int(code & 0x7) + 1
                guard leading + length <= 8 else { throw .damagedBlock("value header \(header)") }
                let trailing = 8 - leading - length
                var change: UInt64 = 0
                for byte in 0..<length { change |= UInt64(try reader.byte()) << (8 * (trailing + byte)) }
                bits ^= change
            }
            samples.append(HistorySample(time: time, value: Double(bitPattern: bits), quality: quality))
        }
        guard reader.atEnd else { throw .damagedBlock("\(bytes.count - reader.offset) bytes after the last sample") }
        return samples
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private struct ByteReader {
        let bytes: [UInt8]
        var offset = 0
        var atEnd: Bool { offset == bytes.count }

        mutating func byte() throws(HistoryError) -> UInt8 {
            guard offset < bytes.count else { throw .damagedBlock("ends early at byte \(offset)") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws(HistoryError) -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 7) {
                let next = try byte()
                value |= UInt64(next & 0x7F) << UInt64(shift)
                if next & 0x80 == 0 { return value }
            }
            throw .damagedBlock("varint longer than 64 bits at byte \(offset)")
        }
    }
}
