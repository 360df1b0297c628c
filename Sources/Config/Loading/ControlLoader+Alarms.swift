extension ControlLoader {
    /// An analogue alarm (`point` with hh/h/l/ll) or a digital one (`when`).
    func readAlarm(_ name: String, _ reader: TableReader) -> AlarmConfig? {
        let priority = reader.choice("priority", default: AlarmConfig.Priority.medium) ?? .medium
        let message = reader.string("message", default: "") ?? ""
        let onDelay = reader.double("on_delay_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let offDelay = reader.double("off_delay_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let latching = reader.bool("latching", default: false)
        let kinds = Self.alarmKinds.filter { !reader.isAbsent($0) }
        var trigger: AlarmConfig.Trigger?
        switch kinds.count {
        case 0:
            reader.tableError("one of \(Self.alarmKinds.map { "'\($0)'" }.joined(separator: ", ")) is required "
                + "(analogue limits, condition, deviation from a loop's setpoint, rate of change, bad quality, equipment fault)")
        case 1:
            trigger = switch kinds[0] {
            case "point": readLimits(reader)
            case "when": reader.string("when").flatMap { condition($0, key: "when", in: reader, at: reader.table["when"]) }
                .map { .digital($0) }
            case "deviation": readDeviation(reader)
            case "rate": readRate(reader)
            case "bad_quality": point("bad_quality", in: reader, use: .input).map { .badQuality($0) }
            default: readFault(reader)
            }
        default:
            reader.error(kinds[1], "give only one of \(kinds.map { "'\($0)'" }.joined(separator: ", "))", at: reader.table[kinds[1]])
        }
        guard let trigger else { return nil }
        return AlarmConfig(name: name, trigger: trigger, priority: priority, message: message, onDelay: onDelay,
                           offDelay: offDelay, latching: latching, line: reader.line)
    }

    /// The keys that say what an alarm watches; exactly one per alarm.
    static let alarmKinds = ["point", "when", "deviation", "rate", "bad_quality", "fault"]

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
        let estop = reader.bool("estop", default: false)
        let stops = reader.stringArray("loops")
        if reader.table["loops"] == nil, !estop { reader.missing("loops") }
        if reader.table["loops"] != nil, estop {
            reader.error("loops", "an e-stop (estop = true) stops every loop and output: leave 'loops' out", at: reader.table["loops"])
        }
        for loop in stops where !loops.contains(loop) {
            reader.error("loops", undefinedMessage("loop", loop, defined: loops), at: reader.table["loops"])
        }
        let latching = reader.bool("latching", default: false)
        if estop, reader.table["latching"] != nil, !latching {
            reader.error("latching", "an e-stop always latches: it clears on reset once its input is clear", at: reader.table["latching"])
        }
        return InterlockConfig(name: name, permissives: permissives, trips: trips, loops: estop ? [] : stops, latching: latching,
                               estop: estop, line: reader.line)
    }
}
