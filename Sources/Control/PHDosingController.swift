/// pH control by acid and/or caustic dosing: a PID (gain-scheduled on pH when configured)
/// whose split-range output drives one pump each way. Interlocks, a bad pH sample and an
/// exhausted dose budget stop the pump concerned at once; while the side the PID asks for
/// is stopped, the PID tracks 0 %, so it neither winds up nor bumps when dosing resumes.
public struct PHDosingController: Sendable {
    public let settings: PHDosingSettings
    public private(set) var pid: PIDController
    var acidPump: DosingPump?
    var causticPump: DosingPump?
    /// What the last update did.
    public private(set) var info: PHDosingInfo?

    /// Throws `ControlParameterError` listing every bad field of the loop, its PID and its pumps.
    public init(settings: PHDosingSettings, mode: PIDMode = .auto) throws(ControlParameterError) {
        var found = settings.problems
        do { _ = try settings.pid.validated() } catch { found += error.problems }
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        self.settings = settings
        // No start output: the first scan gives P + D from a zero integral, as a stopped pump
        // would, without turning the bias of a P-only loop into -P.
        pid = try PIDController(parameters: settings.pid, mode: mode)
        pid.setGainSchedule(settings.schedule)
        acidPump = try settings.acid.map { pump throws(ControlParameterError) in try DosingPump(settings: pump) }
        causticPump = try settings.caustic.map { pump throws(ControlParameterError) in try DosingPump(settings: pump) }
    }

    /// Switches the PID's mode (bumpless); in manual `manualOutput` is the split-range signal.
    public mutating func setMode(_ mode: PIDMode) { pid.setMode(mode) }

    /// Split-range output in manual, -100...100 %.
    public var manualOutput: Double {
        get { pid.manualOutput }
        set { pid.manualOutput = newValue }
    }

    /// Runs one scan: pH `setpoint`, the pH sample, the interlock inputs, and `dt` seconds
    /// since the last scan. Returns the PID's scan and each pump's command and blocks.
    @discardableResult
    public mutating func update(setpoint: Double, pH: Sample, permissives: DosingPermissives = .init(),
                                dt: Double) -> PHDosingInfo {
        var common: [DosingBlock] = []
        if !permissives.processFlow { common.append(.noProcessFlow) }
        if !pH.isUsable { common.append(.pHBad) }
        acidPump?.book(dt: dt)
        causticPump?.book(dt: dt)
        let acidBlocks = common + (acidPump?.blocks(permissives.acid) ?? [])
        let causticBlocks = common + (causticPump?.blocks(permissives.caustic) ?? [])

        var trial = pid
        var scan = trial.update(setpoint: setpoint, pv: pH, dt: dt)
        // The direction the loop pushes: its output, or at exactly 0 (where tracking leaves it)
        // the sign of the error, so a blocked side holds it at 0 rather than every other scan.
        let push = scan.output != 0 ? scan.output : settings.pid.action.sign * scan.error
        // In manual the operator's output stands; the blocked pump alone stops.
        let held = pid.mode != .manual && ((push < 0 && !acidBlocks.isEmpty)
            || (push > 0 && !causticBlocks.isEmpty) || !common.isEmpty)
        if held {
            pid.track(output: 0)
            scan = pid.update(setpoint: setpoint, pv: pH, dt: dt)
        } else {
            pid = trial
        }
        let demand = split(scan.output)
        let next = PHDosingInfo(
            pid: scan,
            acid: acidPump?.drive(demand: demand.acid, blocks: acidBlocks, dt: dt),
            caustic: causticPump?.drive(demand: demand.caustic, blocks: causticBlocks, dt: dt),
            heldAtZero: held
        )
        info = next
        return next
    }

    /// Acid and caustic demand (0...1 each) for a split-range signal, with the dead zone between.
    public func split(_ output: Double) -> (acid: Double, caustic: Double) {
        let band = settings.deadZone
        func share(_ x: Double) -> Double { x > band ? min((x - band) / (100 - band), 1) : 0 }
        return (share(-output), share(output))
    }
}
