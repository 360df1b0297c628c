import Config
import Plant

/// Cross-checks a scenario against its unit and plant: every binding, constant and fault
/// names a device, point and bit that exist, and every bound signal exists in the plant in
/// the right direction. Errors point at the scenario's lines.
public enum ScenarioCheck {
    public static func errors(_ scenario: Scenario, unit: UnitConfig, plant: (any InstrumentedPlant)?) -> [ConfigError] {
        var errors: [ConfigError] = []
        func add(_ section: String, _ key: String, line: Int, _ message: String) {
            errors.append(ConfigError(file: scenario.file, line: line, key: "\(section).\"\(key)\"", message: message))
        }
        let signals = plant.map { Dictionary($0.signals.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }) }
        for binding in scenario.bindings {
            guard let spec = point(binding.device, binding.point, binding.flag, in: unit, { add("bindings", binding.key, line: binding.line, $0) })
            else { continue }
            if binding.flag == nil, scenario.bindings.contains(where: { $0.device == binding.device && $0.point == binding.point && $0.flag != nil }) {
                add("bindings", binding.key, line: binding.line, "the point is bound whole and bit by bit: choose one")
            }
            if scenario.constant(device: binding.device, point: binding.point, flag: binding.flag) != nil {
                add("bindings", binding.key, line: binding.line, "the point also has a constant: choose one")
            }
            guard let signals else { continue }
            guard let signal = signals[binding.signal] else {
                let names = signals.keys.sorted()
                add("bindings", binding.key, line: binding.line,
                    "the plant has no signal '\(binding.signal)'" + (names.isEmpty ? "" : " (signals: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : ""))"))
                continue
            }
            if spec.access.canWrite, signal.direction == .measured {
                add("bindings", binding.key, line: binding.line,
                    "the controller writes this point, but '\(binding.signal)' is a measured signal")
            }
        }
        for constant in scenario.constants {
            let key = constant.key
            _ = point(constant.device, constant.point, constant.flag, in: unit) { add("constants", key, line: constant.line, $0) }
        }
        for fault in scenario.faults {
            if let problem = faultProblem(fault, unit: unit, plant: plant) {
                errors.append(ConfigError(file: scenario.file, line: fault.line, key: "faults", message: problem))
            }
        }
        return errors
    }

    /// Why `fault` cannot act on this unit and plant (no such device, point or plant fault),
    /// or nil when it can.
    public static func faultProblem(_ fault: FaultSpec, unit: UnitConfig, plant: (any InstrumentedPlant)?) -> String? {
        if case .plant(let name) = fault.kind { return plantFaultProblem(name, plant: plant) }
        guard let device = unit.device(named: fault.device) else {
            return "unit \(unit.name) has no device '\(fault.device)' (devices: \(unit.devices.map(\.name).joined(separator: ", ")))"
        }
        if let name = fault.point, device.profile.point(named: name) == nil {
            return "device \(device.name) (\(device.profile.id)) has no point '\(name)' "
                + "(points: \(device.profile.points.map(\.name).joined(separator: ", ")))"
        }
        return nil
    }

    /// Why plant fault `name` cannot be injected into `plant`, or nil when it can (or the
    /// plant is unknown yet).
    public static func plantFaultProblem(_ name: String, plant: (any InstrumentedPlant)?) -> String? {
        guard let plant else { return nil }
        guard let faultable = plant as? any FaultablePlant else {
            return "this plant model has no equipment faults (trip, pump-failure need the container model)"
        }
        guard faultable.faultNames.contains(name) else {
            return "the plant has no fault '\(name)' (faults: \(faultable.faultNames.joined(separator: ", ")))"
        }
        return nil
    }

    /// The point `device.point`, with `flag` checked against its bits; nil after reporting why not.
    private static func point(_ deviceName: String, _ pointName: String, _ flag: String?, in unit: UnitConfig,
                              _ fail: (String) -> Void) -> PointSpec? {
        guard let device = unit.device(named: deviceName) else {
            fail("unit \(unit.name) has no device '\(deviceName)' (devices: \(unit.devices.map(\.name).joined(separator: ", ")))")
            return nil
        }
        guard let spec = device.profile.point(named: pointName) else {
            fail("device \(deviceName) (\(device.profile.id)) has no point '\(pointName)' "
                + "(points: \(device.profile.points.map(\.name).joined(separator: ", ")))")
            return nil
        }
        if let flag, !spec.flags.contains(where: { $0.name == flag }) {
            fail(spec.flags.isEmpty ? "point \(deviceName).\(pointName) has no named bits"
                : "point \(deviceName).\(pointName) has no bit '\(flag)' (bits: \(spec.flags.map(\.name).joined(separator: ", ")))")
            return nil
        }
        return spec
    }
}
