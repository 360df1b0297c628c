extension ControlLoader {
    /// `[inputs."<point>"]` conditioning and `[outputs."<point>"]` maximum ages. An output's
    /// default maximum age is 10 scan periods, at least 3 s: a stalled scan is caught within
    /// seconds, a slow one is not mistaken for stalled.
    func readSignalSettings(_ root: TableReader, into control: inout ControlConfig) {
        control.defaultOutputMaxAge = max(3, 10 * unit.scanPeriod)
        let inputs = root.table("inputs")
        for (name, reader) in inputs?.subtables() ?? [] {
            // Read first, so a bad point key is one error, not one more for each of its keys.
            let conditioning = readConditioning(reader)
            guard let inputs, let point = resolve(name, use: .input, key: name, in: inputs, at: inputs.table[name]) else { continue }
            if point.isBoolean {
                inputs.error(name, "'\(name)' is an on/off point: only analogue inputs are conditioned", at: inputs.table[name])
                continue
            }
            control.inputs[point.key] = conditioning
        }
        let outputs = root.table("outputs")
        for (name, reader) in outputs?.subtables() ?? [] {
            let maxAge = reader.int("max_age_ms", default: nil, range: 10...3_600_000, unit: "ms")
            guard let outputs, let point = resolve(name, use: .output, key: name, in: outputs, at: outputs.table[name]) else { continue }
            guard outputOwners[point.imageKey] != nil else {
                outputs.error(name, "point '\(point.imageKey)' is not written by any loop", at: outputs.table[name])
                continue
            }
            if let maxAge {
                guard Double(maxAge) / 1000 > unit.scanPeriod else {
                    reader.error("max_age_ms", "\(maxAge) ms must be longer than the scan period "
                        + "(\(formatNumber(unit.scanPeriod * 1000)) ms)", at: reader.table["max_age_ms"])
                    continue
                }
                control.outputMaxAges[point.imageKey] = Double(maxAge) / 1000
            }
        }
    }

    private func readConditioning(_ reader: TableReader) -> InputConditioningConfig {
        var config = InputConditioningConfig()
        let median = reader.int("median_samples", default: 1, range: 1...9) ?? 1
        if median > 1 && median.isMultiple(of: 2) {
            reader.error("median_samples", "\(median) must be odd (1 = off, 3, 5, 7 or 9)", at: reader.table["median_samples"])
        } else {
            config.medianSamples = median
        }
        config.filterTime = reader.double("filter_s", default: 0, range: 0...86400, unit: "s") ?? 0
        if !reader.isAbsent("max_rate_per_s") {
            config.maxRate = reader.double("max_rate_per_s", default: nil, range: 1e-9...1e9, unit: "units/s")
        }
        if !reader.isAbsent("stuck_after_s") {
            config.stuckAfter = reader.double("stuck_after_s", default: nil, range: 1...604_800, unit: "s")
        }
        config.stuckEpsilon = reader.double("stuck_epsilon", default: 0, range: 0...1e9) ?? 0
        return config
    }
}
