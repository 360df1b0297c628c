/// Protocol Buffers wire format (proto2), only what the Sparkplug B `Payload` message uses:
/// varint, fixed32, fixed64 and length-delimited fields. See docs/decisions for why Floc
/// carries this instead of swift-protobuf.
struct SparkplugWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ field: Int, _ wireType: SparkplugWireType) {
        varint(UInt64(field << 3 | Int(wireType.rawValue)))
    }

    mutating func varintField(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        varint(value)
    }

    mutating func fixed32Field(_ field: Int, _ value: UInt32) {
        tag(field, .fixed32)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func fixed64Field(_ field: Int, _ value: UInt64) {
        tag(field, .fixed64)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func bytesField(_ field: Int, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}

enum SparkplugWireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}

/// One decoded field: its number and raw value (varint/fixed as an integer, length-delimited as bytes).
enum SparkplugWireValue {
    case integer(UInt64)
    case bytes(ArraySlice<UInt8>)
}

/// Reads fields one by one; every length and varint is bounds-checked so that hostile
/// input ends in `SparkplugError.malformed`, never a trap.
struct SparkplugWireReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index >= bytes.endIndex }

    mutating func varint() throws(SparkplugError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.endIndex else { throw .malformed("truncated varint") }
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { throw .malformed("varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func fixed(_ count: Int) throws(SparkplugError) -> UInt64 {
        guard bytes.endIndex - index >= count else { throw .malformed("truncated fixed\(count * 8)") }
        var result: UInt64 = 0
        for offset in 0..<count { result |= UInt64(bytes[index + offset]) << UInt64(offset * 8) }
        index += count
        return result
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(SparkplugError) -> (field: Int, value: SparkplugWireValue)? {
        guard !atEnd else { return nil }
        let key = try varint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0, field < 1 << 29 else { throw .malformed("field number \(key >> 3)") }
        switch key & 7 {
        case 0: return (field, .integer(try varint()))
        case 1: return (field, .integer(try fixed(8)))
        case 5: return (field, .integer(try fixed(4)))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else { throw .malformed("length \(length) past end") }
            let start = index
            index += Int(length)
            return (field, .bytes(bytes[start..<index]))
        default:
            throw .malformed("wire type \(key & 7) of field \(field)")
        }
    }
}

extension SparkplugWireValue {
    func integer(_ name: String) throws(SparkplugError) -> UInt64 {
        guard case .integer(let value) = self else { throw .malformed("\(name) is not an integer") }
        return value
    }

    func bytes(_ name: String) throws(SparkplugError) -> ArraySlice<UInt8> {
        guard case .bytes(let value) = self else { throw .malformed("\(name) is not length-delimited") }
        return value
    }

    func string(_ name: String) throws(SparkplugError) -> String {
        let raw = try bytes(name)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .malformed("\(name) is not UTF-8") }
        return text
    }
}
