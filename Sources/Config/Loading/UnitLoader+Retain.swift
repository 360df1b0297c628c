extension UnitLoader {
    /// `[retain]` (optional): state database path and per-item restore policies.
    func readRetain(_ root: TableReader) -> RetainConfig {
        var config = RetainConfig()
        guard let retain = root.table("retain") else { return config }
        config.path = retain.string("path", default: config.path) ?? config.path
        if config.path.isEmpty { retain.error("path", "must not be empty") }
        func policy(_ key: String, _ fallback: RetainConfig.Policy) -> RetainConfig.Policy {
            retain.choice(key, default: fallback) ?? fallback
        }
        config.modes = policy("modes", config.modes)
        config.setpoints = policy("setpoints", config.setpoints)
        config.manualOutputs = policy("manual_outputs", config.manualOutputs)
        config.alarmShelves = policy("alarm_shelves", config.alarmShelves)
        config.alarmAcknowledgements = policy("alarm_acknowledgements", config.alarmAcknowledgements)
        config.equipment = policy("equipment", config.equipment)
        config.calibrations = policy("calibrations", config.calibrations)
        config.changedLoops = policy("changed_loops", config.changedLoops)
        config.saveInterval = retain.double("save_interval_s", default: config.saveInterval, range: 1...3600, unit: "s")
            ?? config.saveInterval
        return config
    }

    /// `[supervision]` (optional): restart-loop guard and stalled-bus escalation.
    func readSupervision(_ root: TableReader) -> SupervisionConfig {
        var config = SupervisionConfig()
        guard let supervision = root.table("supervision") else { return config }
        config.restartLimit = supervision.int("restart_limit", default: config.restartLimit, range: 2...100)
            ?? config.restartLimit
        config.restartWindow = 60 * Double(supervision.int("restart_window_min", default: 10, range: 1...1440, unit: "min") ?? 10)
        config.busStalledAlarm = supervision.double("bus_stalled_alarm_s", default: config.busStalledAlarm,
                                                    range: 1...3600, unit: "s") ?? config.busStalledAlarm
        config.busStalledSafe = supervision.double("bus_stalled_safe_s", default: config.busStalledSafe,
                                                   range: 1...3600, unit: "s") ?? config.busStalledSafe
        if config.busStalledSafe < config.busStalledAlarm {
            supervision.error("bus_stalled_safe_s", "must be at least bus_stalled_alarm_s (\(config.busStalledAlarm) s)")
        }
        return config
    }
}
