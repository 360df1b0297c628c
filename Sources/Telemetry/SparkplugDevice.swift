/// A metric the edge node publishes: its name, alias (unique within the node), initial
/// value and deadband (absolute, in the metric's unit; DDATA only past it).
public struct SparkplugMetricDefinition: Sendable {
    public var name: String
    public var value: SparkplugValue
    public var deadband: Double

    public init(name: String, value: SparkplugValue, deadband: Double = 0) {
        self.name = name
        self.value = value
        self.deadband = deadband
    }
}

/// A logical device of the unit (a basin, a blower, dosing, an instrument): one DBIRTH,
/// then DDATA by exception.
public struct SparkplugDevice: Sendable {
    public var name: String
    public var metrics: [SparkplugMetricDefinition]

    public init(name: String, metrics: [SparkplugMetricDefinition]) {
        self.name = name
        self.metrics = metrics
    }
}
