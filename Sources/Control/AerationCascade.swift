/// One basin's aeration: DO -> airflow setpoint (outer PID) -> blower speed (inner PID on
/// airflow), or DO -> speed in one loop when the basin has no airflow meter or its signal is
/// bad. When the inner loop cannot follow (blower at min/max speed, in hand, tripped) the
/// outer loop tracks the airflow really achieved instead of winding up against it; at a
/// speed limit only while it pushes further into that limit, so it can always leave it.
public struct AerationCascade: Sendable {
    public let settings: AerationSettings
    public private(set) var outer: PIDController?
    public private(set) var inner: PIDController?
    public private(set) var single: PIDController
    /// When false the outer loop is never made to track (kept to show what tracking prevents).
    public var outerTrackingEnabled = true
    /// What the last update did.
    public private(set) var info: AerationInfo?
    /// The last scan ran the fallback single loop: the cascade restarts from the present state.
    private var inFallback = false

    /// Throws `ControlParameterError` for a structure without its loops or bad PID parameters.
    /// `speed` is the blower's present speed (%), so the loop takes over without a bump.
    public init(settings: AerationSettings, speed: Double? = nil) throws(ControlParameterError) {
        if !settings.problems.isEmpty { throw ControlParameterError(problems: settings.problems) }
        self.settings = settings
        single = try PIDController(parameters: settings.single, output: speed)
        if settings.structure == .cascade, let outerParameters = settings.outer, let innerParameters = settings.inner {
            outer = try PIDController(parameters: outerParameters)
            inner = try PIDController(parameters: innerParameters, mode: .cascade, output: speed)
        }
    }

    /// Runs one scan: DO `setpoint` (mg/L), the DO and airflow samples, what the blower did
    /// with the last command, and `dt` seconds since the last scan. Returns the speed command.
    @discardableResult
    public mutating func update(setpoint: Double, dissolvedOxygen: Sample, airflow: Sample,
                                actuator: AerationActuatorState = .following, dt: Double) -> AerationInfo {
        var next = AerationInfo(structure: .singleLoop, speed: single.output, airflowSetpoint: nil, outerTracking: false,
                                dissolvedOxygenBad: !dissolvedOxygen.isUsable, airflowBad: !airflow.isUsable)
        if var outer, var inner {
            if airflow.isUsable {
                runCascade(&outer, &inner, setpoint: setpoint, dissolvedOxygen: dissolvedOxygen, airflow: airflow,
                           actuator: actuator, dt: dt, into: &next)
                // The single loop follows the speed, ready to take over without a bump.
                single.track(output: next.speed)
                single.update(setpoint: setpoint, pv: dissolvedOxygen, dt: dt)
                self.outer = outer
                self.inner = inner
                inFallback = false
                info = next
                return next
            }
            next.structure = .singleLoopFallback
            inFallback = true
        }
        if case .heldAt(let speed) = actuator { single.track(output: speed) }
        let scan = single.update(setpoint: setpoint, pv: dissolvedOxygen, dt: dt)
        next.single = scan
        next.speed = scan.output
        info = next
        return next
    }

    private mutating func runCascade(
        _ outer: inout PIDController, _ inner: inout PIDController, setpoint: Double, dissolvedOxygen: Sample,
        airflow: Sample, actuator: AerationActuatorState, dt: Double, into next: inout AerationInfo
    ) {
        next.structure = .cascade
        if inFallback {
            // Back from the single loop: start from the airflow and speed the blower has now.
            outer.track(output: airflow.value)
            inner.track(output: single.output)
        }
        // What the inner loop could not do last scan decides whether the outer one may push.
        let innerLimit = inner.info.saturation
        var heldSpeed: Double?
        if case .heldAt(let speed) = actuator { heldSpeed = speed }

        var trial = outer
        var outerScan = trial.update(setpoint: setpoint, pv: dissolvedOxygen, dt: dt)
        // The error says which way the loop pushes (reverse acting: positive asks for more air);
        // the output cannot, as after a tracked scan it continues exactly from the tracked value.
        let pushesIntoLimit = !outerScan.pvBad
            && ((innerLimit == .low && outerScan.error < 0) || (innerLimit == .high && outerScan.error > 0))
        if outerTrackingEnabled, heldSpeed != nil || pushesIntoLimit {
            outer.track(output: airflow.value)
            outerScan = outer.update(setpoint: setpoint, pv: dissolvedOxygen, dt: dt)
            next.outerTracking = true
        } else {
            outer = trial
        }
        if let heldSpeed { inner.track(output: heldSpeed) }
        let innerScan = inner.update(setpoint: outerScan.output, pv: airflow, dt: dt)
        next.outer = outerScan
        next.inner = innerScan
        next.airflowSetpoint = outerScan.output
        next.speed = innerScan.output
    }
}
