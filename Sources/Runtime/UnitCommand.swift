import Config
import Control

/// What an operator, technician or uplink may ask of a running unit. Each is checked by
/// the scan (role, range, mode) and answered with a reason.
public enum UnitCommand: Sendable, Equatable {
    /// Operator setpoint of a loop, PV units; must lie within the loop's setpoint limits.
    case setSetpoint(loop: String, value: Double)
    case setMode(loop: String, mode: LoopMode)
    /// Output of a loop in manual, output units (% for aeration, -100...100 % split range for pH).
    case setManualOutput(loop: String, value: Double)
    /// Acknowledges an alarm (`level_high`, or one limit `level_high.hh`); nil acknowledges all.
    case acknowledge(alarm: String?)
    /// Shelves an alarm (all its limits) for `minutes`.
    case shelve(alarm: String, minutes: Double)
    /// Clears a latched interlock (or e-stop) whose conditions are safe again.
    case resetInterlock(String)
    /// Hand, off or auto for one blower (`blower1`) or dosing pump (`ph1.acid`).
    case handOffAuto(equipment: String, state: HandOffAuto)
    /// Maintenance hold of an instrument (an input point key, `do1.oxygen`, or a device with one
    /// calibrated instrument, `do1`) at `value`, or at its last good value when nil, until
    /// released or its maximum hold time.
    case hold(instrument: String, value: Double?)
    case release(instrument: String)
    /// Conditions `instrument` with a new calibration (its `[instruments]` entry must name the kind).
    case applyCalibration(instrument: String, record: CalibrationRecord)
    /// Starts a relay autotune of a loop around its present output; relay amplitude in output units.
    case startAutotune(loop: String, amplitude: Double)
    /// Stops a running autotune; the loop returns to the mode it had.
    case abortAutotune(loop: String)
    /// Applies the gains a finished autotune proposes.
    case acceptAutotune(loop: String)

    /// The least role allowed to give the command.
    var requiredRole: CommandSource.Role {
        switch self {
        case .setSetpoint, .setMode, .setManualOutput, .acknowledge, .shelve: .operator_
        case .resetInterlock: .operator_
        case .handOffAuto, .hold, .release, .applyCalibration: .technician
        case .startAutotune, .abortAutotune, .acceptAutotune: .engineer
        }
    }

    /// What the command does, for refusals (`change the setpoint of aeration1`).
    var action: String {
        switch self {
        case .setSetpoint(let loop, _): "change the setpoint of \(loop)"
        case .setMode(let loop, _): "change the mode of \(loop)"
        case .setManualOutput(let loop, _): "set the manual output of \(loop)"
        case .acknowledge: "acknowledge alarms"
        case .shelve: "shelve alarms"
        case .resetInterlock(let name): "reset interlock \(name)"
        case .handOffAuto(let equipment, _): "switch hand-off-auto of \(equipment)"
        case .hold(let instrument, _): "hold \(instrument)"
        case .release(let instrument): "release \(instrument)"
        case .applyCalibration(let instrument, _): "calibrate \(instrument)"
        case .startAutotune(let loop, _), .abortAutotune(let loop), .acceptAutotune(let loop): "autotune \(loop)"
        }
    }
}
