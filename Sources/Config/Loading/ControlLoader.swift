/// Reads a unit's `[loops.*]`, `[alarms.*]`, `[interlocks.*]` and `[instruments.*]` into a `ControlConfig`,
/// resolving every point key against the unit's devices and GPIO points (inputs readable,
/// outputs writable, each output driven by one block). Errors go to the diagnostics.
struct ControlLoader {
    enum LoopType: String, CaseIterable { case aeration, ph, pid }
    enum Action: String, CaseIterable { case reverse, direct }

    let unit: UnitConfig
    /// Every device and GPIO name in the file, loaded or not: a reference to one that failed
    /// to load is not reported again.
    let declaredDevices: [String]
    let declaredGPIO: [String]
    /// Output image key -> who writes it, for the one-writer rule.
    var outputOwners: [String: String] = [:]
    /// The loops read so far (alarms refer to them), and every loop name in the file.
    var loops: [LoopConfig] = []
    var declaredLoops: [String] = []
    /// Each loop's reader, for errors found across loops (cascades).
    var loopReaders: [String: TableReader] = [:]

    init(unit: UnitConfig, declaredDevices: [String], declaredGPIO: [String]) {
        self.unit = unit
        self.declaredDevices = declaredDevices
        self.declaredGPIO = declaredGPIO
    }

    mutating func load(_ root: TableReader) -> ControlConfig {
        var control = ControlConfig()
        for (name, reader) in root.table("loops")?.subtables() ?? [] {
            loopReaders[name] = reader
            if let loop = readLoop(name, reader) { control.loops.append(loop) }
        }
        loops = control.loops
        declaredLoops = root.table["loops"]?.table?.keys ?? []
        validateCascades(control.loops)
        for (name, reader) in root.table("alarms")?.subtables() ?? [] {
            if let alarm = readAlarm(name, reader) { control.alarms.append(alarm) }
        }
        let loopNames = root.table.keys.contains("loops") ? (root.table["loops"]?.table?.keys ?? []) : []
        for (name, reader) in root.table("interlocks")?.subtables() ?? [] {
            if let interlock = readInterlock(name, reader, loops: loopNames) { control.interlocks.append(interlock) }
        }
        if let instruments = root.table("instruments") {
            for (name, reader) in instruments.subtables() {
                if let instrument = readInstrument(name, reader, parent: instruments) { control.instruments.append(instrument) }
            }
        }
        readSignalSettings(root, into: &control)
        return control
    }

    // MARK: Loops

    mutating func readLoop(_ name: String, _ reader: TableReader) -> LoopConfig? {
        let type: LoopType? = reader.choice("type", default: nil)
        let mode = reader.choice("mode", default: LoopMode.auto) ?? .auto
        let pvRange: ClosedRange<Double> = switch type {
        case .aeration: 0...20
        case .ph: 0...14
        case .pid, nil: -1e9...1e9
        }
        let unitName = type == .aeration ? "mg/L" : type == .ph ? "pH" : ""
        let setpoint = reader.double("setpoint", default: nil, range: pvRange, unit: unitName)
        let lowDefault = type == .aeration ? 0 : pvRange.lowerBound
        let highDefault = type == .aeration ? 10 : pvRange.upperBound
        let low = reader.double("setpoint_min", default: lowDefault, range: pvRange, unit: unitName) ?? lowDefault
        let high = reader.double("setpoint_max", default: highDefault, range: pvRange, unit: unitName) ?? highDefault
        var limits = pvRange
        if low < high {
            limits = low...high
        } else {
            reader.error("setpoint_max", "\(formatNumber(high)) must be > setpoint_min (\(formatNumber(low)))",
                         at: reader.table["setpoint_max"] ?? reader.table["setpoint_min"])
        }
        if let setpoint, low < high, !limits.contains(setpoint) {
            reader.error("setpoint", "\(formatNumber(setpoint)) is outside setpoint_min...setpoint_max "
                + "(\(formatNumber(low))...\(formatNumber(high)))\(unitName.isEmpty ? "" : " " + unitName)", at: reader.table["setpoint"])
        }
        let manualOutput = reader.isAbsent("manual_output") ? nil : reader.double("manual_output", default: nil, range: -1e9...1e9)
        if type != .pid, let node = reader.table["setpoint_from"] {
            reader.error("setpoint_from", "only for pid loops (an aeration loop's remote DO setpoint is its [ammonia] table)", at: node)
            _ = reader.node("setpoint_from")
        }
        let kind: LoopConfig.Kind?
        switch type {
        case .aeration:
            let ammonia = reader.table("ammonia").flatMap { readAmmonia($0, loopLimits: limits, loopSetpoint: setpoint) }
            kind = readAeration(reader).map { aeration in
                var aeration = aeration
                aeration.ammonia = ammonia
                return .aeration(aeration)
            }
        case .ph: kind = readPH(reader).map { .ph($0) }
        case .pid: kind = readPIDLoop(reader).map { .pid($0) }
        case nil: kind = nil
        }
        guard let kind, let setpoint else { return nil }
        var loop = LoopConfig(name: name, mode: mode, setpoint: setpoint, setpointLimits: limits, manualOutput: manualOutput,
                              kind: kind, line: reader.line)
        if loop.setpointSource == nil, mode == .cascade {
            reader.error("mode", "cascade needs a remote setpoint: setpoint_from (pid loop) or [loops.\(name).ammonia] (aeration loop)",
                         at: reader.table["mode"])
        } else if loop.setpointSource != nil, reader.table["mode"] == nil {
            // Configuring the remote source asks for it: the loop starts in cascade unless told otherwise.
            loop.mode = .cascade
        }
        return loop
    }

    /// `[<loop>.<key>]` PID tuning; absent keys take the defaults given. `outputRange` bounds
    /// out_min/out_max.
    func readPID(_ reader: TableReader?, gain: Double, ti: Double, limits: ClosedRange<Double>,
                 outputRange: ClosedRange<Double>, unit: String) -> PIDConfig {
        guard let reader else { return PIDConfig(gain: gain, integralTime: ti, outputLimits: limits) }
        let gain = reader.double("gain", default: gain, range: 0...1e6) ?? gain
        let ti = reader.double("ti_s", default: ti, range: 0...86400, unit: "s") ?? ti
        let td = reader.double("td_s", default: 0, range: 0...3600, unit: "s") ?? 0
        let low = reader.double("out_min", default: limits.lowerBound, range: outputRange, unit: unit) ?? limits.lowerBound
        let high = reader.double("out_max", default: limits.upperBound, range: outputRange, unit: unit) ?? limits.upperBound
        let rate = reader.isAbsent("rate_per_s") ? nil : reader.double("rate_per_s", default: nil, range: 1e-6...1e6, unit: unit + "/s")
        let deadband = reader.double("deadband", default: 0, range: 0...1e6) ?? 0
        var outputLimits = limits
        if low < high {
            outputLimits = low...high
        } else {
            reader.error("out_max", "\(formatNumber(high)) must be > out_min (\(formatNumber(low)))",
                         at: reader.table["out_max"] ?? reader.table["out_min"])
        }
        return PIDConfig(gain: gain, integralTime: ti, derivativeTime: td, outputLimits: outputLimits, outputRate: rate,
                         deadband: deadband)
    }

    mutating func readPIDLoop(_ reader: TableReader) -> PIDLoopConfig? {
        let pv = point("pv", in: reader, use: .input)
        let output = point("output", in: reader, use: .output)
        claimOutput(output, key: "output", in: reader)
        let action = reader.choice("action", default: Action.reverse) ?? .reverse
        let pid = readPID(reader.table("pid"), gain: 1, ti: 60, limits: 0...100, outputRange: -1e9...1e9, unit: output?.unit ?? "")
        let safe = reader.double("safe_output", default: pid.outputLimits.lowerBound, range: -1e9...1e9) ?? pid.outputLimits.lowerBound
        let badOutput = reader.isAbsent("bad_pv_output") ? nil : reader.double("bad_pv_output", default: nil, range: -1e9...1e9)
        let badDelay = reader.double("bad_pv_delay_s", default: 0, range: 0...86400, unit: "s") ?? 0
        let setpointFrom = reader.isAbsent("setpoint_from") ? nil : reader.string("setpoint_from")
        guard let pv, let output else { return nil }
        return PIDLoopConfig(pv: pv, output: output, direct: action == .direct, pid: pid, safeOutput: safe,
                             badPVOutput: badOutput, badPVDelay: badDelay, setpointFrom: setpointFrom)
    }
}
