import Config
import Control

/// An aeration loop's remote DO setpoint from NH4-N (`[loops.<name>.ammonia]`): computed by
/// `AmmoniaDOSetpoint` while the loop is in cascade, following the setpoint in use otherwise,
/// so entering and leaving cascade are bumpless.
struct AmmoniaSetpointSource {
    let config: AmmoniaSetpointConfig
    private(set) var block: AmmoniaDOSetpoint
    /// In cascade with bad NH4: what the DO setpoint does instead; nil otherwise.
    private(set) var held: String?

    /// `initial` is the loop's DO setpoint at start, mg/L. Throws `ControlParameterError` for
    /// settings the loader's ranges let through but the block refuses.
    init(_ config: AmmoniaSetpointConfig, initial: Double) throws(ControlParameterError) {
        self.config = config
        let law: AmmoniaDOSetpoint.Law = switch config.law {
        case let .proportionalIntegral(setpoint, gain, integralTime):
            .proportionalIntegral(PIDGains(gain: gain, integralTime: integralTime), ammoniaSetpoint: setpoint)
        case let .feedForward(intercept, slope): .feedForward(intercept: intercept, slope: slope)
        }
        let settings = AmmoniaDOSetpoint.Settings(law: law, limits: config.doLimits, maximumRate: config.maximumRatePerMinute / 60,
                                                  substitute: config.substitute, substituteDelay: config.substituteDelay)
        block = try AmmoniaDOSetpoint(settings: settings, initial: initial)
    }

    /// One scan of `dt` s. With `following` (cascade, not held safe) returns the computed DO
    /// setpoint (mg/L); otherwise follows `setpoint`, the one in use, and returns it unchanged.
    mutating func scan(_ inputs: UnitInputs, following: Bool, setpoint: Double, dt: Double) -> Double {
        let sample = inputs.sample(config.point)
        guard following else {
            held = nil
            block.track(doSetpoint: setpoint, ammonia: sample, dt: dt)
            return setpoint
        }
        let info = block.update(ammonia: sample, dt: dt)
        held = !info.ammoniaBad ? nil
            : info.substituted ? "\(config.point.key) bad: substitute DO setpoint \(UnitConsoleBackend.number(config.substitute)) mg/L"
            : "\(config.point.key) bad: DO setpoint held"
        return info.setpoint
    }
}

extension AerationLoopRunner {
    var remoteHeld: String? { mode == .cascade ? ammonia?.held : nil }

    var modeDetail: String? {
        guard mode == .cascade, let ammonia else { return nil }
        return "setpoint from NH4 \(ammonia.config.point.key)" + (ammonia.held.map { " held: \($0)" } ?? "")
    }
}
