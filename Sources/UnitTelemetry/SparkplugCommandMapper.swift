import Config
import Runtime
import Telemetry

/// NCMD/DCMD writes -> the scan's `UnitCommand`s: `<loop>/SP` (number) -> setpoint,
/// `<loop>/Mode` (`auto`|`manual`|`cascade`|`oos`; the scan refuses cascade without a remote setpoint) -> mode, `<loop>/OUT` (number) -> manual output (a loop in
/// manual at 0 stops its equipment), node `Alarms/Ack` (alarm id, `""` or `true` for all) ->
/// acknowledge. Everything else is read-only. Ranges, roles and modes are the scan's to check.
public struct SparkplugCommandMapper: Sendable {
    public let catalog: UnitMetricCatalog

    public init(catalog: UnitMetricCatalog) { self.catalog = catalog }

    /// The command for `write`, or why it is refused.
    public func command(for write: SparkplugCommand) -> Result<UnitCommand, CommandRefusal> {
        guard let device = write.device else {
            guard write.metric == UnitMetricCatalog.acknowledge else { return .failure(.init("\(write.metric) is read-only")) }
            switch write.value {
            case .string(let id): return .success(.acknowledge(alarm: id.isEmpty ? nil : id))
            case .boolean(true): return .success(.acknowledge(alarm: nil))
            default: return .failure(.init("\(write.metric) takes an alarm id (String; empty for all) or true"))
            }
        }
        guard catalog.loops.contains(device) else { return .failure(.init("\(device)/\(write.metric) is read-only")) }
        switch write.metric {
        case "SP":
            guard let value = Self.number(write.value) else {
                return .failure(.init("\(device)/SP takes a number, got datatype \(write.value.dataType)"))
            }
            return .success(.setSetpoint(loop: device, value: value))
        case "OUT":
            guard let value = Self.number(write.value) else {
                return .failure(.init("\(device)/OUT takes a number, got datatype \(write.value.dataType)"))
            }
            return .success(.setManualOutput(loop: device, value: value))
        case "Mode":
            guard case .string(let text) = write.value, let mode = LoopMode(rawValue: text) else {
                return .failure(.init("\(device)/Mode takes one of: \(LoopMode.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return .success(.setMode(loop: device, mode: mode))
        default:
            return .failure(.init("\(device)/\(write.metric) is read-only"))
        }
    }

    /// Numbers of any numeric datatype; not booleans or strings.
    private static func number(_ value: SparkplugValue) -> Double? {
        if case .boolean = value { return nil }
        return value.numeric
    }

    /// `aeration1/SP = 2.5`, for answers and the audit log.
    public static func describe(_ write: SparkplugCommand) -> String {
        let value: String = switch write.value {
        case .string(let text): "\"\(text)\""
        default: write.value.numeric.map { "\($0)" } ?? "?"
        }
        return "\(write.device.map { "\($0)/" } ?? "")\(write.metric) = \(value)"
    }
}

/// Why a write cannot become a command.
public struct CommandRefusal: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
