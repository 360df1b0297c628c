extension ControlLoader {
    /// An aeration loop: `do`, optional `airflow`, `[blowers.*]`, `[outer]`, `[inner]`.
    mutating func readAeration(_ reader: TableReader) -> AerationLoopConfig? {
        let dissolvedOxygen = point("do", in: reader, use: .input)
        let airflow = optionalPoint("airflow", in: reader, use: .input)
        let hasAirflow = !reader.isAbsent("airflow")
        var blowers: [BlowerConfig] = []
        let blowerTables = reader.table("blowers")
        for (name, blower) in blowerTables?.subtables() ?? [] {
            if let config = readBlower(name, blower) { blowers.append(config) }
        }
        if blowerTables == nil || blowerTables?.table.isEmpty == true {
            reader.error("blowers", "an aeration loop needs at least one [blowers.<name>] table")
        }
        let speedLow = blowers.map(\.minimumSpeed).min() ?? 0
        let speedHigh = blowers.map(\.maximumSpeed).max() ?? 100
        let speedLimits = speedLow < speedHigh ? speedLow...speedHigh : 0...100
        let outer: PIDConfig
        var inner: PIDConfig?
        if hasAirflow {
            // The airflow range is the meter's when its profile gives one; a basin's real range is narrower.
            let flowLimits = airflow?.range ?? 0...1000
            outer = readPID(reader.table("outer"), gain: 50, ti: 900, limits: flowLimits, outputRange: 0...1e6, unit: "Nm3/h")
            inner = readPID(reader.table("inner"), gain: 0.2, ti: 20, limits: speedLimits, outputRange: 0...100, unit: "%")
        } else {
            outer = readPID(reader.table("outer"), gain: 25, ti: 600, limits: speedLimits, outputRange: 0...100, unit: "%")
            if let node = reader.node("inner") { reader.error("inner", "only with 'airflow' (a cascade)", at: node) }
        }
        let badSpeed = reader.isAbsent("bad_do_speed_pct") ? nil : reader.double("bad_do_speed_pct", default: nil, range: 0...100, unit: "%")
        let badDelay = reader.double("bad_do_delay_s", default: 60, range: 0...86400, unit: "s") ?? 60
        let startAbove = reader.double("stage_start_above_pct", default: 95, range: 0...100, unit: "%") ?? 95
        let startDelay = reader.double("stage_start_delay_s", default: 300, range: 0...86400, unit: "s") ?? 300
        let stopBelow = reader.double("stage_stop_below_pct", default: 30, range: 0...100, unit: "%") ?? 30
        let stopDelay = reader.double("stage_stop_delay_s", default: 600, range: 0...86400, unit: "s") ?? 600
        if stopBelow >= startAbove {
            reader.error("stage_stop_below_pct", "\(formatNumber(stopBelow)) must be < stage_start_above_pct (\(formatNumber(startAbove)))",
                         at: reader.table["stage_stop_below_pct"] ?? reader.table["stage_start_above_pct"])
        }
        guard let dissolvedOxygen, !blowers.isEmpty, !hasAirflow || airflow != nil else { return nil }
        return AerationLoopConfig(dissolvedOxygen: dissolvedOxygen, airflow: airflow, outer: outer, inner: inner, blowers: blowers,
                                  badDOSpeed: badSpeed, badDODelay: badDelay, startAbove: startAbove, startDelay: startDelay,
                                  stopBelow: stopBelow, stopDelay: stopDelay)
    }

    mutating func readBlower(_ name: String, _ reader: TableReader) -> BlowerConfig? {
        let speed = point("speed", in: reader, use: .output)
        claimOutput(speed, key: "speed", in: reader)
        let run = optionalPoint("run", in: reader, use: .output)
        claimOutput(run, key: "run", in: reader)
        let running = optionalPoint("running", in: reader, use: .input)
        let fault = optionalPoint("fault", in: reader, use: .input)
        let low = reader.double("min_speed_pct", default: 20, range: 0...100, unit: "%") ?? 20
        let high = reader.double("max_speed_pct", default: 100, range: 0...100, unit: "%") ?? 100
        if low >= high {
            reader.error("max_speed_pct", "\(formatNumber(high)) must be > min_speed_pct (\(formatNumber(low)))",
                         at: reader.table["max_speed_pct"] ?? reader.table["min_speed_pct"])
        }
        let minRun = reader.double("min_run_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let minStop = reader.double("min_stop_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let safe = reader.double("safe_speed_pct", default: 0, range: 0...100, unit: "%") ?? 0
        let hand = reader.isAbsent("hand_speed_pct") ? nil : reader.double("hand_speed_pct", default: nil, range: 0...100, unit: "%")
        if let hand, low < high, !(low...high).contains(hand) {
            reader.error("hand_speed_pct", "\(formatNumber(hand)) is outside min_speed_pct...max_speed_pct "
                + "(\(formatNumber(low))...\(formatNumber(high))) %", at: reader.table["hand_speed_pct"])
        }
        guard let speed else { return nil }
        return BlowerConfig(name: name, speed: speed, run: run, running: running, fault: fault, minimumSpeed: low,
                            maximumSpeed: max(high, low), minimumRunTime: minRun, minimumStopTime: minStop, safeSpeed: safe,
                            handSpeed: hand)
    }
}
