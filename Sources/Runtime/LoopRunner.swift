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

    // Cascade (see UnitProgram+Cascade.swift): the program hands values between loops.
    /// Before the scan of a loop with `setpoint_from`: the outer loop's output this scan.
    func receiveRemote(_ remote: RemoteSetpoint)
    /// Before the scan of an outer loop: what its inner does.
    func followInner(_ inner: CascadeInner)
    /// After the scan: this loop's output as an inner loop's remote setpoint.
    var remoteOutput: RemoteSetpoint { get }
    /// In cascade: why the remote setpoint is held or substituted now; nil when it is followed.
    var remoteHeld: String? { get }
    /// A word on the mode for status (`setpoint from nh4`, `tracking do5 (do5 in auto)`); nil when plain.
    var modeDetail: String? { get }
}

extension LoopRunner {
    var equipmentNames: [String] { [] }
    func setHandOffAuto(_ equipment: String, _ state: HandOffAuto) {}
    func receiveRemote(_ remote: RemoteSetpoint) {}
    func followInner(_ inner: CascadeInner) {}
    var remoteOutput: RemoteSetpoint { .unavailable("\(config.name) is a \(config.typeName) loop") }
    var remoteHeld: String? { nil }
    var modeDetail: String? { nil }
}

/// A remote setpoint handed to a loop in cascade (its PV units), or why there is none this scan.
enum RemoteSetpoint: Equatable {
    case value(Double)
    case unavailable(String)
}

/// An outer loop's inner loop as the outer's scan sees it.
struct CascadeInner: Equatable {
    var name: String
    var mode: LoopMode
    /// The inner's setpoint in use, its PV units (the outer's output units).
    var setpoint: Double
    /// Why the inner's outputs are safe, if they are (it then follows nothing).
    var safeBecause: String?

    /// The inner regulates to the outer's output.
    var follows: Bool { mode == .cascade && safeBecause == nil }
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
