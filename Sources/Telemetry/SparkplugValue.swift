/// A metric's value with its Sparkplug B datatype. Signed integers travel in the
/// unsigned protobuf fields as two's complement of their own width (Int8 -1 is 255).
public enum SparkplugValue: Sendable, Equatable {
    case int8(Int8), int16(Int16), int32(Int32), int64(Int64)
    case uint8(UInt8), uint16(UInt16), uint32(UInt32), uint64(UInt64)
    case float(Float), double(Double)
    case boolean(Bool)
    case string(String)

    /// The numeric code of `Payload.Metric.datatype` (sparkplug_b.proto `DataType`).
    public var dataType: UInt32 {
        switch self {
        case .int8: 1
        case .int16: 2
        case .int32: 3
        case .int64: 4
        case .uint8: 5
        case .uint16: 6
        case .uint32: 7
        case .uint64: 8
        case .float: 9
        case .double: 10
        case .boolean: 11
        case .string: 12
        }
    }

    /// The value as a number for deadband comparison; nil for strings.
    public var numeric: Double? {
        switch self {
        case .int8(let v): Double(v)
        case .int16(let v): Double(v)
        case .int32(let v): Double(v)
        case .int64(let v): Double(v)
        case .uint8(let v): Double(v)
        case .uint16(let v): Double(v)
        case .uint32(let v): Double(v)
        case .uint64(let v): Double(v)
        case .float(let v): Double(v)
        case .double(let v): v
        case .boolean(let v): v ? 1 : 0
        case .string: nil
        }
    }

    /// Appends the value field (int_value 10, long_value 11, float_value 12, double_value 13,
    /// boolean_value 14, string_value 15).
    func write(to writer: inout SparkplugWireWriter) {
        switch self {
        case .int8(let v): writer.varintField(10, UInt64(UInt8(bitPattern: v)))
        case .int16(let v): writer.varintField(10, UInt64(UInt16(bitPattern: v)))
        case .int32(let v): writer.varintField(10, UInt64(UInt32(bitPattern: v)))
        case .int64(let v): writer.varintField(11, UInt64(bitPattern: v))
        case .uint8(let v): writer.varintField(10, UInt64(v))
        case .uint16(let v): writer.varintField(10, UInt64(v))
        case .uint32(let v): writer.varintField(10, UInt64(v))
        case .uint64(let v): writer.varintField(11, v)
        case .float(let v): writer.fixed32Field(12, v.bitPattern)
        case .double(let v): writer.fixed64Field(13, v.bitPattern)
        case .boolean(let v): writer.varintField(14, v ? 1 : 0)
        case .string(let v): writer.bytesField(15, Array(v.utf8))
        }
    }

    /// Rebuilds a value from its datatype code and the raw field the metric carried.
    /// Signed types keep only their own width, so a sign-extended sender decodes the same.
    static func decode(dataType: UInt32, raw: SparkplugWireValue) throws(SparkplugError) -> SparkplugValue {
        switch dataType {
        case 1: return .int8(Int8(truncatingIfNeeded: try raw.integer("int_value")))
        case 2: return .int16(Int16(truncatingIfNeeded: try raw.integer("int_value")))
        case 3: return .int32(Int32(truncatingIfNeeded: try raw.integer("int_value")))
        case 4: return .int64(Int64(bitPattern: try raw.integer("long_value")))
        case 5: return .uint8(UInt8(truncatingIfNeeded: try raw.integer("int_value")))
        case 6: return .uint16(UInt16(truncatingIfNeeded: try raw.integer("int_value")))
        case 7: return .uint32(UInt32(truncatingIfNeeded: try raw.integer("int_value")))
        case 8: return .uint64(try raw.integer("long_value"))
        case 9: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: try raw.integer("float_value"))))
        case 10: return .double(Double(bitPattern: try raw.integer("double_value")))
        case 11: return .boolean(try raw.integer("boolean_value") != 0)
        case 12, 14: return .string(try raw.string("string_value"))
        default: throw .unsupportedDataType(dataType)
        }
    }

    /// Whether moving from `self` to `other` is a change worth reporting under `deadband`
    /// (absolute, in the metric's unit); strings and booleans report any change.
    func differs(from other: SparkplugValue, deadband: Double) -> Bool {
        guard dataType == other.dataType else { return true }
        if case .string = self { return self != other }
        if case .boolean = self { return self != other }
        guard let a = numeric, let b = other.numeric else { return self != other }
        return abs(a - b) > deadband
    }
}
