import HAL
import Config

/// One Modbus read: a span of one table and the points decoded from it.
public struct ReadRequest: Sendable, Equatable {
    public var table: RegisterTable
    /// First register (or bit) read.
    public var address: UInt16
    /// Registers (or bits) read.
    public var count: Int
    /// Points inside the span, by address.
    public var points: [PointSpec] {
        didSet { layouts = Self.layouts(points, address: address) }
    }
    /// How to decode each point, as plain values (decoding every poll copies no `PointSpec`).
    private(set) var layouts: [PointLayout]

    public init(table: RegisterTable, address: UInt16, count: Int, points: [PointSpec]) {
        self.table = table
        self.address = address
        self.count = count
        self.points = points
        layouts = Self.layouts(points, address: address)
    }

    private static func layouts(_ points: [PointSpec], address: UInt16) -> [PointLayout] {
        points.map { PointLayout($0, requestAddress: address) }
    }

    /// One past the last address read.
    public var endAddress: Int { Int(address) + count }

    /// Text for logs and errors, e.g. `read holding 100..109`.
    public var operation: String { "read \(table.rawValue) \(address)..\(endAddress - 1)" }
}

/// Groups points into the fewest read requests a device allows.
///
/// Points of one table, sorted by address, are merged while the span stays within
/// the device's limit (`maxRegistersPerRequest` or `maxBitsPerRequest`) and the
/// unused addresses between neighbours do not exceed `maxGap`. A point is never split;
/// a point longer than the limit gets a request of its own (the device will refuse
/// it, and says so with an exception that names the point). Greedy merging in address
/// order is optimal here: starting a request later can never let it reach further.
public enum RequestPlanner {
    /// Tables in the order requests are issued: measurements first.
    static let tableOrder: [RegisterTable] = [.input, .holding, .discrete, .coil]

    /// Requests for the readable ones of `points`, using `profile`'s limits.
    public static func plan(_ points: [PointSpec], profile: DeviceProfile) -> [ReadRequest] {
        plan(points, maxRegisters: profile.maxRegistersPerRequest, maxBits: profile.maxBitsPerRequest,
             maxGap: profile.maxGap)
    }

    /// Requests for the readable ones of `points`, with explicit limits.
    public static func plan(_ points: [PointSpec], maxRegisters: Int, maxBits: Int, maxGap: Int) -> [ReadRequest] {
        let readable = points.filter { $0.access.canRead }
        var requests: [ReadRequest] = []
        for table in tableOrder {
            let sorted = readable.filter { $0.table == table }
                .sorted { ($0.address, $0.name) < ($1.address, $1.name) }
            let limit = max(1, table.isBit ? maxBits : maxRegisters)
            var current: ReadRequest?
            for point in sorted {
                if var open = current {
                    let gap = Int(point.address) - open.endAddress
                    let end = max(open.endAddress, point.endAddress)
                    if gap <= max(0, maxGap), end - Int(open.address) <= limit {
                        open.count = end - Int(open.address)
                        open.points.append(point)
                        current = open
                        continue
                    }
                    requests.append(open)
                }
                current = ReadRequest(table: table, address: point.address, count: point.count, points: [point])
            }
            if let open = current { requests.append(open) }
        }
        return requests
    }
}

/// What decoding needs of a point, without its names and text.
struct PointLayout: Sendable, Equatable {
    /// Index of the point's first register (or bit) in the request's answer.
    let start: Int
    let count: Int
    let type: ValueType
    let order: WordOrder
    let scale: Double
    let offset: Double
    let low: Double
    let high: Double
    let hasFlags: Bool

    init(_ spec: PointSpec, requestAddress: UInt16) {
        start = Int(spec.address) - Int(requestAddress)
        count = spec.count
        type = spec.type
        order = spec.order
        scale = spec.scale
        offset = spec.offset
        low = spec.range?.lowerBound ?? -.infinity
        high = spec.range?.upperBound ?? .infinity
        hasFlags = !spec.flags.isEmpty
    }

    /// The sample of a raw value (before scale and offset).
    func sample(raw: Double, time: MonotonicInstant) -> PointSample {
        sample(value: raw * scale + offset, time: time)
    }

    /// An engineering value's sample: out-of-range outside the range or not finite.
    func sample(value: Double, time: MonotonicInstant) -> PointSample {
        let good = value.isFinite && value >= low && value <= high
        return PointSample(value: value, quality: good ? .good : .outOfRange, time: time)
    }
}
