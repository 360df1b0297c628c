import Config
import Control

/// The running state of one configured loop, owned by the scan thread.
protocol LoopRunner: AnyObject {
    var config: LoopConfig { get }
    var mode: LoopMode { get }
    var setpoint: Double { get set }
    /// Every output of the loop at its safe value, by image key.
    var safeOutputs: [String: Double] { get }
    /// Points the loop reads.
    var inputs: [PointReference] { get }
    /// Switches mode without a bump: manual starts at the present output.
    func setMode(_ mode: LoopMode)
    /// Sets the manual output; returns a refusal reason, or nil when accepted.
    func setManualOutput(_ value: Double) -> String?
    /// One scan: `blockedBy` names an interlock or e-stop holding the loop safe, if any
    /// (equipment in hand stops for it too).
    func scan(_ inputs: UnitInputs, blockedBy: String?, dt: Double) -> [String: Double]
    var status: LoopStatus { get }
    /// Names of the loop's blowers or pumps, for hand-off-auto.
    var equipmentNames: [String] { get }
    /// Hand, off or auto for one of `equipmentNames`; takes effect at the next scan.
    func setHandOffAuto(_ equipment: String, _ state: HandOffAuto)
}

extension LoopRunner {
    var equipmentNames: [String] { [] }
    func setHandOffAuto(_ equipment: String, _ state: HandOffAuto) {}
}

extension PIDConfig {
    /// Control parameters for this tuning: `setpointLimits` in PV units, `badPV` what to do on a bad PV.
    func parameters(action: PIDAction = .reverse, setpointLimits: ClosedRange<Double>,
                    badPV: BadPVPolicy = BadPVPolicy()) -> PIDParameters {
        PIDParameters(gains: PIDGains(gain: gain, integralTime: integralTime, derivativeTime: derivativeTime), action: action,
                      outputLimits: outputLimits, outputRateLimit: outputRate ?? .infinity, setpointLimits: setpointLimits,
                      deadband: deadband, badPV: badPV)
    }
}
