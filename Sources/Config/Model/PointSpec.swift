/// The Modbus data table a point lives in (mirrors `HAL.ModbusTable`; Config imports nothing of ours).
public enum RegisterTable: String, Sendable, CaseIterable {
    case coil
    case discrete
    case input
    case holding

    public var isBit: Bool { self == .coil || self == .discrete }
    public var isWritable: Bool { self == .coil || self == .holding }
}

/// How a point's registers encode its value.
public enum ValueType: String, Sendable, CaseIterable {
    case bool
    case int16, uint16
    case int32, uint32
    case int64, uint64
    case float32, float64

    /// Registers (16-bit words) the value occupies; bits occupy one bit.
    public var registerCount: Int {
        switch self {
        case .bool, .int16, .uint16: 1
        case .int32, .uint32, .float32: 2
        case .int64, .uint64, .float64: 4
        }
    }
}

/// Byte and word order of multi-register values, named by where the bytes of the
/// big-endian value `A B C D` land in the register stream (`ABCD` = Modbus standard,
/// `CDAB` = word-swapped, `BADC` = byte-swapped, `DCBA` = both). For 64-bit values
/// the same two swaps apply to all four words (`ABCD` = big-endian, `CDAB` = all four
/// words reversed, `DCBA` = little-endian, see FieldIO `RegisterCodec`).
public enum WordOrder: String, Sendable, CaseIterable {
    case abcd = "ABCD"
    case cdab = "CDAB"
    case badc = "BADC"
    case dcba = "DCBA"
}

public enum Access: String, Sendable, CaseIterable {
    case read
    case write
    case readWrite = "read-write"

    public var canRead: Bool { self != .write }
    public var canWrite: Bool { self != .read }
}

/// How often a readable point is polled: at the device's fast or slow period.
public enum PollClass: String, Sendable, CaseIterable {
    case fast
    case slow
    /// Not polled (write-only points, or read on demand by `floc probe`).
    case never
}

/// One named bit of a status register.
public struct BitFlag: Sendable, Equatable {
    public var name: String
    public var bit: Int
    public init(name: String, bit: Int) {
        self.name = name
        self.bit = bit
    }
}

/// One point of an instrument profile: where it is, how it is encoded and what it means.
///
/// Engineering value = raw * scale + offset.
public struct PointSpec: Sendable, Equatable {
    public var name: String
    public var table: RegisterTable
    /// Protocol (0-based) address.
    public var address: UInt16
    public var type: ValueType
    public var order: WordOrder
    public var scale: Double
    public var offset: Double
    /// Engineering unit, e.g. `mg/L`, `pH`, `Nm3/h`, `%`, `kW`, `kWh`. Empty for flags.
    public var unit: String
    /// Valid engineering range; a value outside it gets `out-of-range` quality.
    public var range: ClosedRange<Double>?
    public var access: Access
    public var poll: PollClass
    /// Named bits for status words (empty for plain values).
    public var flags: [BitFlag]
    /// Read back after each write and compare.
    public var verify: Bool
    public var description: String
    /// Line in the profile file, for messages.
    public var line: Int

    public init(name: String, table: RegisterTable, address: UInt16, type: ValueType,
                order: WordOrder = .abcd, scale: Double = 1, offset: Double = 0, unit: String = "",
                range: ClosedRange<Double>? = nil, access: Access = .read, poll: PollClass = .fast,
                flags: [BitFlag] = [], verify: Bool = false, description: String = "", line: Int = 0) {
        self.name = name
        self.table = table
        self.address = address
        self.type = type
        self.order = order
        self.scale = scale
        self.offset = offset
        self.unit = unit
        self.range = range
        self.access = access
        self.poll = poll
        self.flags = flags
        self.verify = verify
        self.description = description
        self.line = line
    }

    /// Registers (or bits) the point occupies.
    public var count: Int { table.isBit ? 1 : type.registerCount }
    /// One past the last address the point occupies.
    public var endAddress: Int { Int(address) + count }
}
