extension ControlLoader {
    /// `deviation = { loop = "aeration1", high = 1.0, low = 0.5 }`: PV - SP limits of a loop.
    func readDeviation(_ reader: TableReader) -> AlarmConfig.Trigger? {
        guard let entry = reader.table("deviation") else { return nil }
        let loop = entry.string("loop")
        let high = entry.isAbsent("high") ? nil : entry.double("high", default: nil, range: 1e-9...1e9)
        let low = entry.isAbsent("low") ? nil : entry.double("low", default: nil, range: 1e-9...1e9)
        if entry.isAbsent("high"), entry.isAbsent("low") { entry.tableError("a deviation alarm needs 'high' and/or 'low'") }
        let deadband = reader.double("deadband", default: 0, range: 0...1e9) ?? 0
        guard let loop else { return nil }
        guard loops.contains(where: { $0.name == loop }) else {
            if !declaredLoops.contains(loop) {
                entry.error("loop", undefinedMessage("loop", loop, defined: loops.map(\.name)), at: entry.table["loop"])
            }
            return nil
        }
        guard high != nil || low != nil else { return nil }
        return .deviation(loop: loop, high: high, low: low, deadband: deadband)
    }

    /// `rate = { point = "level1.level", rise = 0.05, fall = 0.05, window_s = 60 }`, units per minute.
    func readRate(_ reader: TableReader) -> AlarmConfig.Trigger? {
        guard let entry = reader.table("rate") else { return nil }
        let point = point("point", in: entry, use: .input)
        let unit = (point?.unit ?? "") + "/min"
        let rise = entry.isAbsent("rise") ? nil : entry.double("rise", default: nil, range: 1e-9...1e9, unit: unit)
        let fall = entry.isAbsent("fall") ? nil : entry.double("fall", default: nil, range: 1e-9...1e9, unit: unit)
        if entry.isAbsent("rise"), entry.isAbsent("fall") { entry.tableError("a rate alarm needs 'rise' and/or 'fall'") }
        let window = entry.double("window_s", default: 60, range: 1...86400, unit: "s") ?? 60
        let deadband = reader.double("deadband", default: 0, range: 0...1e9, unit: unit) ?? 0
        if point?.isBoolean == true {
            entry.error("point", "'\(point!.key)' is 1/0: a rate of change needs an analogue point", at: entry.table["point"])
            return nil
        }
        guard let point, rise != nil || fall != nil else { return nil }
        return .rate(point: point, rise: rise, fall: fall, window: window, deadband: deadband)
    }

    /// `fault = "blower1"` (a blower with a `fault` point) or `fault = "<condition>"`.
    func readFault(_ reader: TableReader) -> AlarmConfig.Trigger? {
        guard let text = reader.string("fault") else { return nil }
        let blowers = loops.flatMap { loop -> [BlowerConfig] in
            if case .aeration(let aeration) = loop.kind { return aeration.blowers }
            return []
        }
        if let blower = blowers.first(where: { $0.name == text }) {
            guard let fault = blower.fault else {
                reader.error("fault", "blower '\(text)' has no 'fault' point: give a condition instead", at: reader.table["fault"])
                return nil
            }
            let condition = PointCondition(text: fault.key, point: fault, comparison: .greaterOrEqual, threshold: 0.5)
            return .fault(condition, equipment: text)
        }
        return condition(text, key: "fault", in: reader, at: reader.table["fault"]).map { .fault($0, equipment: nil) }
    }
}
