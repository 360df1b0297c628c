import Config
import FieldIO
import Runtime
import Telemetry

/// The unit as Sparkplug B sees it, derived from its configuration: one device per loop
/// (`SP`, `PV`, `OUT`, `Mode`, `Safe`) and per instrument (each readable point and its
/// `<point>/Quality`), node metrics for alarms, interlocks, the queue and command answers.
/// `sample` fills the same names from the scan's snapshot and the point image.
public struct UnitMetricCatalog: Sendable {
    public static let commandSequence = "Command/Sequence"
    public static let commandRequest = "Command/Request"
    public static let commandResult = "Command/Result"
    public static let acknowledge = "Alarms/Ack"
    public static let annunciated = "Alarms/Annunciated"
    public static let queueHighWater = "Queue/HighWater"

    public let devices: [SparkplugDevice]
    public let nodeMetrics: [SparkplugMetricDefinition]
    /// Loop names (devices that take SP/Mode/OUT writes).
    public let loops: Set<String>
    /// Alarm ids (`level_high.hh`), in configuration order.
    public let alarmIDs: [String]
    private let instruments: [(device: String, points: [String])]

    /// `deadbands` by metric path (`aeration1/PV`); others get `defaultDeadband`. Throws for a
    /// deadband naming no metric of the unit (a typo would otherwise silently flood or mute).
    public init(unit: UnitConfig, deadbands: [String: Double] = [:], defaultDeadband: Double = 0) throws(UnknownMetricError) {
        func metric(_ device: String, _ name: String, _ value: SparkplugValue) -> SparkplugMetricDefinition {
            let numeric = value.numeric != nil && value.dataType != SparkplugValue.boolean(false).dataType
            return SparkplugMetricDefinition(name: name, value: value,
                                             deadband: numeric ? deadbands["\(device)/\(name)"] ?? defaultDeadband : 0)
        }
        var devices: [SparkplugDevice] = []
        for loop in unit.control.loops {
            devices.append(SparkplugDevice(name: loop.name, metrics: [
                metric(loop.name, "SP", .double(0)), metric(loop.name, "PV", .double(0)), metric(loop.name, "OUT", .double(0)),
                metric(loop.name, "Mode", .string(loop.mode.rawValue)), metric(loop.name, "Safe", .string("")),
            ]))
        }
        var instruments: [(String, [String])] = []
        for device in unit.devices {
            let points = device.profile.points.filter { $0.access != .write }.map(\.name)
            guard !points.isEmpty else { continue }
            instruments.append((device.name, points))
            devices.append(SparkplugDevice(name: device.name, metrics: points.flatMap {
                [metric(device.name, $0, .double(0)), metric(device.name, "\($0)/Quality", .string("not-yet-read"))]
            }))
        }
        let alarmIDs = unit.control.alarms.flatMap(UnitProgram.alarmIDs(of:))
        var node: [SparkplugMetricDefinition] = [
            .init(name: Self.annunciated, value: .int32(0)), .init(name: Self.acknowledge, value: .string("")),
            .init(name: Self.queueHighWater, value: .boolean(false)),
            .init(name: Self.commandSequence, value: .int64(0)), .init(name: Self.commandRequest, value: .string("")),
            .init(name: Self.commandResult, value: .string("")),
        ]
        node += alarmIDs.map { .init(name: "Alarms/\($0)", value: .string("normal")) }
        node += unit.control.interlocks.map { .init(name: "Interlocks/\($0.name)/Allowed", value: .boolean(true)) }
        let known = Set(devices.flatMap { device in device.metrics.map { "\(device.name)/\($0.name)" } })
        if let unknown = deadbands.keys.sorted().first(where: { !known.contains($0) }) {
            throw UnknownMetricError(path: unknown, known: known.sorted())
        }
        self.devices = devices
        nodeMetrics = node
        loops = Set(unit.control.loops.map(\.name))
        self.alarmIDs = alarmIDs
        self.instruments = instruments
    }

    /// Every metric's value now: loops and alarms from `snapshot` (nil: no scan yet, left out),
    /// instruments from `points` (the image, by `device.point`).
    public func sample(snapshot: UnitSnapshot?, points: [String: PointSample], queueHighWater: Bool,
                       timestamp: UInt64) -> TelemetrySample {
        var values: [TelemetrySample.Value] = []
        if let snapshot {
            for loop in snapshot.loops {
                values.append(.init(device: loop.name, metric: "SP", value: .double(loop.setpoint)))
                // No PV before the first good one: left out rather than NaN (NaN never leaves a deadband).
                if let pv = loop.pv, pv.isFinite { values.append(.init(device: loop.name, metric: "PV", value: .double(pv))) }
                values += [
                    .init(device: loop.name, metric: "OUT", value: .double(loop.output)),
                    .init(device: loop.name, metric: "Mode", value: .string(loop.mode.rawValue)),
                    .init(device: loop.name, metric: "Safe", value: .string(loop.safeBecause ?? "")),
                ]
            }
            values.append(.init(device: nil, metric: Self.annunciated, value: .int32(Int32(snapshot.annunciated.count))))
            for alarm in snapshot.alarms where alarmIDs.contains(alarm.id) {
                values.append(.init(device: nil, metric: "Alarms/\(alarm.id)", value: .string(alarm.state.rawValue)))
            }
            for interlock in snapshot.interlocks {
                values.append(.init(device: nil, metric: "Interlocks/\(interlock.name)/Allowed", value: .boolean(interlock.allowed)))
            }
        }
        values.append(.init(device: nil, metric: Self.queueHighWater, value: .boolean(queueHighWater)))
        for (device, names) in instruments {
            for name in names {
                guard let point = points["\(device).\(name)"] else { continue }
                values.append(.init(device: device, metric: name, value: .double(point.value)))
                values.append(.init(device: device, metric: "\(name)/Quality", value: .string(point.quality.description)))
            }
        }
        return TelemetrySample(timestampMilliseconds: timestamp, values: values)
    }
}

/// A configured deadband names no metric of the unit.
public struct UnknownMetricError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var known: [String]
    public var description: String {
        "uplinks.sparkplug.deadbands: no metric '\(path)'; metrics are \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", ..." : "")"
    }
}
