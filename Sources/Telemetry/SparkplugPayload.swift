/// One entry of `Payload.metrics`: name (omitted after birth when an alias is used),
/// alias, timestamp (ms UTC), value (nil = `is_null`, then `nullDataType` names its type).
public struct SparkplugMetric: Sendable, Equatable {
    public var name: String?
    public var alias: UInt64?
    public var timestamp: UInt64?
    public var value: SparkplugValue?
    public var nullDataType: UInt32
    public var isHistorical: Bool

    public init(name: String? = nil, alias: UInt64? = nil, timestamp: UInt64? = nil,
                value: SparkplugValue?, nullDataType: UInt32 = 0, isHistorical: Bool = false) {
        self.name = name
        self.alias = alias
        self.timestamp = timestamp
        self.value = value
        self.nullDataType = value?.dataType ?? nullDataType
        self.isHistorical = isHistorical
    }

    public var dataType: UInt32 { value?.dataType ?? nullDataType }
}

/// The Sparkplug B `Payload` message (sparkplug_b.proto): timestamp (ms UTC), metrics, seq.
/// `encode()` writes fields in field-number order; `init(decoding:)` skips unknown fields.
public struct SparkplugPayload: Sendable, Equatable {
    public var timestamp: UInt64?
    public var metrics: [SparkplugMetric]
    public var seq: UInt64?

    public init(timestamp: UInt64? = nil, metrics: [SparkplugMetric] = [], seq: UInt64? = nil) {
        self.timestamp = timestamp
        self.metrics = metrics
        self.seq = seq
    }

    public func encode() -> [UInt8] {
        var writer = SparkplugWireWriter()
        if let timestamp { writer.varintField(1, timestamp) }
        for metric in metrics { writer.bytesField(2, Self.encode(metric)) }
        if let seq { writer.varintField(3, seq) }
        return writer.bytes
    }

    private static func encode(_ metric: SparkplugMetric) -> [UInt8] {
        var writer = SparkplugWireWriter()
        if let name = metric.name { writer.bytesField(1, Array(name.utf8)) }
        if let alias = metric.alias { writer.varintField(2, alias) }
        if let timestamp = metric.timestamp { writer.varintField(3, timestamp) }
        writer.varintField(4, UInt64(metric.dataType))
        if metric.isHistorical { writer.varintField(5, 1) }
        if let value = metric.value { value.write(to: &writer) } else { writer.varintField(7, 1) }
        return writer.bytes
    }

    /// Throws `SparkplugError` for anything that is not a well-formed payload of supported types.
    public init(decoding bytes: [UInt8]) throws(SparkplugError) {
        self.init()
        var reader = SparkplugWireReader(bytes[...])
        while let (field, value) = try reader.next() {
            switch field {
            case 1: timestamp = try value.integer("timestamp")
            case 2: metrics.append(try Self.decodeMetric(value.bytes("metric")))
            case 3: seq = try value.integer("seq")
            default: continue
            }
        }
    }

    private static func decodeMetric(_ bytes: ArraySlice<UInt8>) throws(SparkplugError) -> SparkplugMetric {
        var reader = SparkplugWireReader(bytes)
        var metric = SparkplugMetric(value: nil)
        var raw: SparkplugWireValue?
        var isNull = false
        while let (field, value) = try reader.next() {
            switch field {
            case 1: metric.name = try value.string("name")
            case 2: metric.alias = try value.integer("alias")
            case 3: metric.timestamp = try value.integer("timestamp")
            case 4: metric.nullDataType = UInt32(truncatingIfNeeded: try value.integer("datatype"))
            case 5: metric.isHistorical = try value.integer("is_historical") != 0
            case 7: isNull = try value.integer("is_null") != 0
            case 10...15: raw = value
            case 16...19: throw .unsupportedDataType(metric.nullDataType)
            default: continue
            }
        }
        guard metric.name != nil || metric.alias != nil else { throw .malformed("metric without name or alias") }
        if !isNull {
            guard let raw else { throw .malformed("metric \(metric.name ?? "") has no value") }
            metric.value = try SparkplugValue.decode(dataType: metric.nullDataType, raw: raw)
        }
        return metric
    }
}
