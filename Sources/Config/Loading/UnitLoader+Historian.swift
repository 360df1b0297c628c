extension UnitLoader {
    /// `[historian]` (optional): on by default, beside the retained state.
    func readHistorian(_ root: TableReader, unit: UnitConfig) -> HistorianConfig {
        var config = HistorianConfig()
        let folder = unit.retain.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        config.path = (folder.isEmpty ? "." : folder) + "/history.db"
        guard let historian = root.table("historian") else { return config }
        config.enabled = historian.bool("enabled", default: true)
        config.path = historian.string("path", default: config.path) ?? config.path
        if config.path.isEmpty { historian.error("path", "must not be empty") }
        let scanMilliseconds = Int((unit.scanPeriod * 1000).rounded())
        if let interval = historian.int("interval_ms", default: 1000, range: 100...3_600_000, unit: "ms") {
            if interval < scanMilliseconds {
                historian.error("interval_ms", "must be at least unit.scan_period_ms (\(scanMilliseconds) ms)",
                                at: historian.table["interval_ms"])
            }
            config.interval = Double(interval) / 1000
        }
        config.rawDays = historian.double("raw_days", default: config.rawDays, range: 0.01...3650, unit: "days") ?? config.rawDays
        config.rollupInterval = Double(historian.int("rollup_interval_s", default: 60, range: 1...86_400, unit: "s") ?? 60)
        config.rollupDays = historian.double("rollup_days", default: config.rollupDays, range: 1...36_500, unit: "days")
            ?? config.rollupDays
        if config.rollupInterval < config.interval {
            historian.error("rollup_interval_s", "must be at least interval_ms (\(Int(config.interval * 1000)) ms)")
        }
        guard let node = historian.node("points") else { return config }
        guard let elements = node.array else {
            historian.wrongType("points", expected: "array of strings", node)
            return config
        }
        let known = HistorianConfig.series(of: unit)
        for element in elements {
            guard let pattern = element.string else {
                historian.wrongType("points", expected: "string", element)
                continue
            }
            if pattern.isEmpty || !known.contains(where: { HistorianConfig.glob(pattern, matches: $0) }) {
                historian.error("points", "'\(pattern)' matches no point or loop of the unit; series are "
                    + known.prefix(8).joined(separator: ", ") + (known.count > 8 ? ", ..." : ""), at: element)
            }
            config.points.append(pattern)
        }
        return config
    }
}
