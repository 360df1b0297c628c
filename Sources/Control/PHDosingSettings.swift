/// Configuration of a pH loop with acid and/or caustic. One PID output, -100...+100 %, is
/// split: below -deadZone it drives acid, above +deadZone caustic, each rescaled to 0...100 %
/// so full output is reached at ±100. Positive output raises the pH, so the PID acts reverse.
public struct PHDosingSettings: Sendable, Equatable {
    /// The loop's PID: action reverse, output limits within -100...100 (a side without a pump
    /// must be closed: no acid pump, lower limit >= 0; no caustic pump, upper limit <= 0).
    public var pid: PIDParameters
    /// Gains by pH (source `.processVariable`): the titration curve's slope changes by orders
    /// of magnitude around neutral. Nil uses `pid.gains` everywhere.
    public var schedule: GainSchedule?
    /// Half-width of the band around 0 % where neither pump doses, percent of PID output.
    public var deadZone: Double
    public var acid: DosingPumpSettings?
    public var caustic: DosingPumpSettings?

    public init(pid: PIDParameters, schedule: GainSchedule? = nil, deadZone: Double = 0,
                acid: DosingPumpSettings? = nil, caustic: DosingPumpSettings? = nil) {
        self.pid = pid
        self.schedule = schedule
        self.deadZone = deadZone
        self.acid = acid
        self.caustic = caustic
    }

    /// Every problem at once, each naming the field and its bounds.
    var problems: [String] {
        var found: [String] = []
        if acid == nil, caustic == nil { found.append("a pH loop needs an acid pump, a caustic pump or both") }
        if pid.action != .reverse { found.append("pH dosing PID action must be reverse (positive output = caustic)") }
        let limits = pid.outputLimits
        if limits.lowerBound < -100 || limits.upperBound > 100 { found.append("pH dosing output limits must lie within -100...100 %") }
        if acid == nil, limits.lowerBound < 0 { found.append("without an acid pump the output lower limit must be >= 0 %") }
        if caustic == nil, limits.upperBound > 0 { found.append("without a caustic pump the output upper limit must be <= 0 %") }
        if !(deadZone.isFinite && deadZone >= 0 && deadZone < 100) { found.append("dead zone must be in 0..<100 %") }
        if let schedule, schedule.source != .processVariable { found.append("pH gain schedule must be on the process variable") }
        return found
    }
}

/// Interlock inputs of a pH loop, true when dosing may proceed.
public struct DosingPermissives: Sendable, Equatable {
    /// Flow past the dosing point and the probe.
    public var processFlow: Bool
    public var acid: PumpPermissives
    public var caustic: PumpPermissives

    public init(processFlow: Bool = true, acid: PumpPermissives = .init(), caustic: PumpPermissives = .init()) {
        self.processFlow = processFlow
        self.acid = acid
        self.caustic = caustic
    }
}

/// What a pH loop did in one scan.
public struct PHDosingInfo: Sendable, Equatable {
    /// The PID's scan; its output is the split-range signal, -100...100 %.
    public var pid: PIDInfo
    /// Nil when the loop has no such pump.
    public var acid: DosingPumpInfo?
    public var caustic: DosingPumpInfo?
    /// The side the PID asked for was blocked: the PID was held at 0 % (tracking) this scan.
    public var heldAtZero: Bool
}
