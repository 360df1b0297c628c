extension ControlLoader {
    /// An analogue alarm (`point` with hh/h/l/ll) or a digital one (`when`).
    func readAlarm(_ name: String, _ reader: TableReader) -> AlarmConfig? {
        let priority = reader.choice("priority", default: AlarmConfig.Priority.medium) ?? .medium
        let message = reader.string("message", default: "") ?? ""
        let onDelay = reader.double("on_delay_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let offDelay = reader.double("off_delay_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let latching = reader.bool("latching", default: false)
        var trigger: AlarmConfig.Trigger?
        switch (reader.isAbsent("point"), reader.isAbsent("when")) {
        case (true, true):
            reader.tableError("one of 'point' (analogue limits hh/h/l/ll) or 'when' (a condition) is required")
        case (false, false):
            reader.error("when", "give either 'point' (analogue limits) or 'when' (a condition), not both", at: reader.table["when"])
        case (false, true):
            trigger = readLimits(reader)
        case (true, false):
            trigger = reader.string("when").flatMap { condition($0, key: "when", in: reader, at: reader.table["when"]) }
                .map { .digital($0) }
        }
        guard let trigger else { return nil }
        return AlarmConfig(name: name, trigger: trigger, priority: priority, message: message, onDelay: onDelay,
                           offDelay: offDelay, latching: latching, line: reader.line)
    }

    private func readLimits(_ reader: TableReader) -> AlarmConfig.Trigger? {
        let point = point("point", in: reader, use: .input)
        var limits: [(AlarmConfig.Limit, Double)] = []
        for limit in AlarmConfig.Limit.allCases where !reader.isAbsent(limit.rawValue) {
            if let value = reader.double(limit.rawValue, default: nil, range: -1e9...1e9, unit: point?.unit ?? "") {
                limits.append((limit, value))
            }
        }
        let deadband = reader.double("deadband", default: 0, range: 0...1e9, unit: point?.unit ?? "") ?? 0
        if limits.isEmpty, !AlarmConfig.Limit.allCases.contains(where: { reader.table[$0.rawValue] != nil }) {
            reader.tableError("an analogue alarm needs at least one limit: hh, h, l or ll")
        }
        // Present limits in order ll < l < h < hh.
        let order: [AlarmConfig.Limit] = [.ll, .l, .h, .hh]
        let sorted = order.compactMap { kind in limits.first { $0.0 == kind } }
        for (a, b) in zip(sorted, sorted.dropFirst()) where !(a.1 < b.1) {
            reader.error(b.0.rawValue, "\(formatNumber(b.1)) must be > \(a.0.rawValue) (\(formatNumber(a.1)))", at: reader.table[b.0.rawValue])
        }
        guard let point, !limits.isEmpty else { return nil }
        return .analog(point: point, limits: sorted, deadband: deadband)
    }

    /// Permissive and trip conditions, and the loops they stop.
    func readInterlock(_ name: String, _ reader: TableReader, loops: [String]) -> InterlockConfig? {
        let permissives = conditions("permissive", in: reader)
        let trips = conditions("trip", in: reader)
        if reader.table["permissive"] == nil, reader.table["trip"] == nil {
            reader.tableError("an interlock needs 'permissive' and/or 'trip' conditions")
        }
        let stops = reader.stringArray("loops")
        if reader.table["loops"] == nil { reader.missing("loops") }
        for loop in stops where !loops.contains(loop) {
            reader.error("loops", undefinedMessage("loop", loop, defined: loops), at: reader.table["loops"])
        }
        let latching = reader.bool("latching", default: false)
        return InterlockConfig(name: name, permissives: permissives, trips: trips, loops: stops, latching: latching, line: reader.line)
    }
}
