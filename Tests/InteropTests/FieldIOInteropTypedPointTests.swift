import Config
import Foundation

/// Raw test values for the `every-type` fixture profile, whose points are named
/// `<type>_<order>`: the type and order come from the name, not from the loaded profile, so
/// the peer encodes what the test means even if the loader got a point wrong.
struct TypedPoint {
    let name: String
    let type: String
    let order: String

    init?(_ name: String) {
        let parts = name.split(separator: "_")
        guard parts.count == 2, ValueType(rawValue: String(parts[0])) != nil,
              WordOrder(rawValue: parts[1].uppercased()) != nil else { return nil }
        self.name = name
        type = String(parts[0])
        order = parts[1].uppercased()
    }

    var valueType: ValueType { ValueType(rawValue: type)! }
    var orderIndex: Int { ["ABCD", "CDAB", "BADC", "DCBA"].firstIndex(of: order)! }

    /// A raw value exact in text (for the peer's Python struct) and as a `Double` (what Floc
    /// decodes to). Every byte differs within a value and values differ between orders and
    /// `variant`s; 64-bit integers stay exactly representable as a `Double`.
    func raw(variant: Int) -> (text: String, value: Double) {
        let i = orderIndex
        switch valueType {
        case .int16: return exact(Int64(-12345 + 111 * i + 1000 * variant))
        case .uint16: return exact(UInt64(54321 + i + 100 * variant))
        case .int32: return exact(Int64(-123_456_789 + 1000 * i + 7_000_000 * variant))
        case .uint32: return exact(UInt64(3_000_000_000 + 7 * i + 10_000 * variant))
        case .int64: return exact(-0x0012_3456_789A_BCDE + Int64(i) << 20 + Int64(variant) << 40)
        case .uint64: return exact(UInt64(0xF123_4567_89AB_C000) + UInt64(i) << 12 - UInt64(variant) << 40)
        case .float32:
            let single = Float(123.456) * Float(i + 1) + Float(variant) * 1000
            return ("\(Double(single))", Double(single))
        case .float64:
            let double = -98765.4321 * Double(i + 1) * pow(10, Double(variant))
            return ("\(double)", double)
        case .bool: preconditionFailure("bits are not typed points")
        }
    }

    private func exact(_ value: some BinaryInteger) -> (text: String, value: Double) {
        ("\(value)", Double(value))
    }
}
