import Config
import HAL

/// A value as the registers hold it, before scale and offset.
///
/// 64-bit integers are kept exact here; they become `Double` (53-bit mantissa) only
/// in engineering units.
public enum RawValue: Sendable, Equatable {
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case float(Double)

    /// The raw value as a `Double` (64-bit integers above 2^53 round).
    public var double: Double {
        switch self {
        case .bool(let bit): bit ? 1 : 0
        case .signed(let value): Double(value)
        case .unsigned(let value): Double(value)
        case .float(let value): value
        }
    }
}

/// Converts between Modbus registers and values, as a point's profile says.
///
/// Byte orders are named by where the bytes of the big-endian value land in the
/// register stream. Two independent swaps generate all four:
/// - `ABCD`: words high-to-low, bytes high-to-low in each word (Modbus standard);
/// - `CDAB`: the word sequence reversed (low word first), bytes in each word as-is;
/// - `BADC`: words high-to-low, the two bytes of every word swapped;
/// - `DCBA`: both, i.e. fully little-endian.
///
/// For 64-bit types this is the natural generalisation: `CDAB` reverses all four
/// words (`GH EF CD AB`), not pairs, so `DCBA` stays fully little-endian. For
/// one-register types only the byte swap applies (`BADC`/`DCBA` swap the bytes,
/// `CDAB` = `ABCD`). Both swaps are involutions, so encoding applies the same
/// transformation.
public enum RegisterCodec {
    /// The `HAL` table a point lives in.
    public static func table(for spec: PointSpec) -> ModbusTable { table(for: spec.table) }

    /// The `HAL` table for a profile's table.
    public static func table(for table: RegisterTable) -> ModbusTable {
        switch table {
        case .coil: .coil
        case .discrete: .discreteInput
        case .input: .inputRegister
        case .holding: .holdingRegister
        }
    }

    /// Registers in big-endian word order (`ABCD`) from the wire order, or back
    /// (the transformation is its own inverse).
    public static func reorder(_ words: some Collection<UInt16>, order: WordOrder) -> [UInt16] {
        let reversed = order == .cdab || order == .dcba
        let swapped = order == .badc || order == .dcba
        let sequence = reversed ? Array(words.reversed()) : Array(words)
        return swapped ? sequence.map { $0.byteSwapped } : sequence
    }

    /// The value's bits as one unsigned integer (big-endian words combined), for
    /// bit flags and for the integer types.
    /// Allocation-free: it runs for every point of every poll.
    static func bits(_ words: some Collection<UInt16>, order: WordOrder) -> UInt64 {
        let reversed = order == .cdab || order == .dcba
        let swapped = order == .badc || order == .dcba
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for word in words {
            let word = UInt64(swapped ? word.byteSwapped : word)
            if reversed {
                value |= word << shift
                shift += 16
            } else {
                value = value << 16 | word
            }
        }
        return value
    }

    /// Decodes `type.registerCount` registers (in wire order) into a raw value.
    /// Precondition: `words.count == type.registerCount`.
    public static func decodeRaw(_ words: some Collection<UInt16>, type: ValueType, order: WordOrder) -> RawValue {
        precondition(words.count == type.registerCount, "\(type) needs \(type.registerCount) registers, got \(words.count)")
        let value = bits(words, order: order)
        switch type {
        case .bool: return .bool(value != 0)
        case .int16: return .signed(Int64(Int16(truncatingIfNeeded: value)))
        case .int32: return .signed(Int64(Int32(truncatingIfNeeded: value)))
        case .int64: return .signed(Int64(bitPattern: value))
        case .uint16, .uint32, .uint64: return .unsigned(value)
        case .float32: return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: value))))
        case .float64: return .float(Double(bitPattern: value))
        }
    }

    /// Engineering value of a register point: raw * scale + offset.
    public static func decode(_ words: some Collection<UInt16>, spec: PointSpec) -> Double {
        engineering(decodeRaw(words, type: spec.type, order: spec.order).double, spec: spec)
    }

    /// Engineering value of a bit point (coil or discrete input): 0 or 1, scaled.
    public static func decode(bit: Bool, spec: PointSpec) -> Double {
        engineering(bit ? 1 : 0, spec: spec)
    }

    /// raw * scale + offset.
    public static func engineering(_ raw: Double, spec: PointSpec) -> Double {
        raw * spec.scale + spec.offset
    }

    /// The named flags of a status point: bit 0 is the least significant bit of the
    /// value as combined per `order`. A bit beyond the value's width reads `false`.
    public static func flags(_ words: some Collection<UInt16>, spec: PointSpec) -> [String: Bool] {
        guard !spec.flags.isEmpty else { return [:] }
        let value = bits(words, order: spec.order)
        let width = words.count * 16
        var result: [String: Bool] = [:]
        for flag in spec.flags {
            result[flag.name] = flag.bit >= 0 && flag.bit < width && (value >> UInt64(flag.bit)) & 1 == 1
        }
        return result
    }
}
