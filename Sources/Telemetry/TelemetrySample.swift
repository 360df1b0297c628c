/// One sample of the unit for the uplinks: every metric's value at one instant. Stored in the
/// store-and-forward queue as a Sparkplug `Payload` (metric names `device<TAB>metric`), so a
/// record stays readable after the unit's configuration changes.
public struct TelemetrySample: Sendable, Equatable {
    /// One metric: its device (nil: the node itself), name and value.
    public struct Value: Sendable, Equatable {
        public var device: String?
        public var metric: String
        public var value: SparkplugValue

        public init(device: String?, metric: String, value: SparkplugValue) {
            self.device = device
            self.metric = metric
            self.value = value
        }
    }

    /// Sample time, ms since the Unix epoch (UTC).
    public var timestampMilliseconds: UInt64
    public var values: [Value]

    public init(timestampMilliseconds: UInt64, values: [Value]) {
        self.timestampMilliseconds = timestampMilliseconds
        self.values = values
    }

    private static let separator: Character = "\t"

    public func encode() -> [UInt8] {
        SparkplugPayload(timestamp: timestampMilliseconds, metrics: values.map {
            SparkplugMetric(name: "\($0.device ?? "")\(Self.separator)\($0.metric)", value: $0.value)
        }).encode()
    }

    /// Throws `SparkplugError` for bytes that are not a stored sample (damaged record).
    public init(decoding bytes: [UInt8]) throws(SparkplugError) {
        let payload = try SparkplugPayload(decoding: bytes)
        var values: [Value] = []
        for metric in payload.metrics {
            guard let name = metric.name, let value = metric.value,
                  let cut = name.firstIndex(of: Self.separator) else { throw .malformed("stored sample metric \(metric.name ?? "")") }
            let device = String(name[..<cut])
            values.append(Value(device: device.isEmpty ? nil : device, metric: String(name[name.index(after: cut)...]),
                                value: value))
        }
        self.init(timestampMilliseconds: payload.timestamp ?? 0, values: values)
    }

    /// The values of each device (nil: node), in first-appearance order.
    public var byDevice: [(device: String?, values: [Value])] {
        var order: [String?] = []
        var groups: [String?: [Value]] = [:]
        for value in values {
            if groups[value.device] == nil { order.append(value.device) }
            groups[value.device, default: []].append(value)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }
}
