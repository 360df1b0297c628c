extension ControlLoader {
    /// A pH loop: `ph`, `[acid]` and/or `[caustic]`, `[pid]`, `schedule`, `permissives`.
    mutating func readPH(_ reader: TableReader) -> PHLoopConfig? {
        let ph = point("ph", in: reader, use: .input)
        let acid = reader.table("acid").flatMap { readDoser($0) }
        let caustic = reader.table("caustic").flatMap { readDoser($0) }
        let hasAcid = !reader.isAbsent("acid")
        let hasCaustic = !reader.isAbsent("caustic")
        if !hasAcid && !hasCaustic { reader.tableError("a pH loop needs an [acid] table, a [caustic] table or both") }
        // A side without a pump is closed, so the loop never asks for a dose nobody can give.
        let limits = (hasAcid ? -100.0 : 0)...(hasCaustic ? 100.0 : 0)
        let pidLimits = limits.lowerBound < limits.upperBound ? limits : -100...100
        let pid = readPID(reader.table("pid"), gain: 20, ti: 300, limits: pidLimits, outputRange: limits.lowerBound...limits.upperBound, unit: "%")
        let deadZone = reader.double("dead_zone_pct", default: 0, range: 0...50, unit: "%") ?? 0
        let schedule = readSchedule(reader)
        let permissives = conditions("permissives", in: reader)
        guard let ph, !hasAcid || acid != nil, !hasCaustic || caustic != nil, hasAcid || hasCaustic else { return nil }
        return PHLoopConfig(ph: ph, pid: pid, schedule: schedule, deadZone: deadZone, acid: acid, caustic: caustic,
                            permissives: permissives)
    }

    mutating func readDoser(_ reader: TableReader) -> DoserConfig? {
        let output = point("output", in: reader, use: .output)
        claimOutput(output, key: "output", in: reader)
        var cycle: Double?
        if output?.isBoolean == true || !reader.isAbsent("cycle_s") {
            cycle = reader.double("cycle_s", default: nil, range: 1...3600, unit: "s")
        }
        if output?.isBoolean == false, let node = reader.table["cycle_s"] {
            reader.error("cycle_s", "only for an on/off output (relay or GPIO); '\(output!.key)' is a speed", at: node)
        }
        let minOn = reader.double("min_on_s", default: 0, range: 0...3600, unit: "s") ?? 0
        if let cycle, minOn > cycle {
            reader.error("min_on_s", "\(formatNumber(minOn)) must not exceed cycle_s (\(formatNumber(cycle)))", at: reader.table["min_on_s"])
        }
        let capacity = reader.double("capacity_lph", default: nil, range: 0.001...100000, unit: "L/h")
        let maximum = reader.isAbsent("max_per_hour_l") ? nil : reader.double("max_per_hour_l", default: nil, range: 0.001...100000, unit: "L")
        let permissives = conditions("permissives", in: reader)
        let hand = reader.double("hand_pct", default: 50, range: 0...100, unit: "%") ?? 50
        guard let output, let capacity, output.isBoolean == (cycle != nil) else { return nil }
        return DoserConfig(output: output, cycleTime: cycle, minimumOnTime: minOn, capacity: capacity, maximumPerHour: maximum,
                           permissives: permissives, handOutput: hand)
    }

    /// `schedule = [{ ph = 5.0, gain = 40 }, ...]`, strictly increasing in pH.
    func readSchedule(_ reader: TableReader) -> [PHLoopConfig.GainPoint] {
        guard let node = reader.node("schedule") else { return [] }
        guard let elements = node.array else {
            reader.wrongType("schedule", expected: "array of tables", node)
            return []
        }
        var points: [PHLoopConfig.GainPoint] = []
        for (index, element) in elements.enumerated() {
            guard let table = element.table else {
                reader.wrongType("schedule", expected: "table { ph = ..., gain = ... }", element)
                continue
            }
            let entry = TableReader(element, table: table, path: reader.path + ["schedule[\(index)]"], documentFile: reader.file,
                                    diagnostics: reader.diagnostics)
            let ph = entry.double("ph", default: nil, range: 0...14, unit: "pH")
            let gain = entry.double("gain", default: nil, range: 0...1e6)
            entry.finish()
            guard let ph, let gain else { continue }
            if let last = points.last, ph <= last.ph {
                entry.error("ph", "\(formatNumber(ph)) must be > the previous point's pH (\(formatNumber(last.ph)))", at: table["ph"])
            }
            points.append(PHLoopConfig.GainPoint(ph: ph, gain: gain))
        }
        return points
    }
}
