import Config
import Control

/// A relay autotune of one loop, owned by the scan: the loop is put in manual and its output
/// driven by the `RelayAutotuner`; when the experiment ends (result or abort) the loop goes back
/// to the mode it had, from the relay's centre output, and the result waits to be accepted.
struct AutotuneRun {
    var tuner: RelayAutotuner
    /// The mode to return to.
    let previousMode: LoopMode
    /// Who started it (`console:erik`).
    let by: String
    /// The controller form the proposed gains are for.
    let form: ControllerForm
    /// Set once the loop was handed back.
    var restored = false

    /// Relay amplitude when none is given, output units.
    static let defaultAmplitude = 10.0
    /// Longest experiment: slow DO and pH plants cycle in minutes.
    static let maximumDuration = 7200.0

    var isRunning: Bool {
        if case .relaying = tuner.state { true } else { false }
    }

    /// One line for `show loop`: cycles so far, the result and proposed gains, or why it stopped.
    var summary: String {
        switch tuner.state {
        case .relaying(let cycles):
            return "running by \(by): " + Self.format(tuner.elapsed, "%.0f s") + ", \(cycles) cycle\(cycles == 1 ? "" : "s"), output "
                + Self.format(tuner.output, "%.1f")
        case .finished(let result):
            let gains = result.gains(.tyreusLuyben, form)
            return "finished: Ku " + Self.format(result.ultimateGain, "%.3g") + ", Tu " + Self.format(result.ultimatePeriod, "%.1f s")
                + "; proposed gain " + Self.format(gains.gain, "%.3g") + ", ti " + Self.format(gains.integralTime, "%.0f s")
                + (form == .pid ? ", td " + Self.format(gains.derivativeTime, "%.1f s") : "")
                + " (autotune <loop> accept)"
        case .aborted(let reason):
            return "aborted: " + Self.describe(reason)
        }
    }

    static func describe(_ reason: RelayAutotuner.AbortReason) -> String {
        switch reason {
        case .pvOutOfLimits(let value): "PV " + format(value, "%.3g") + " left the setpoint limits"
        case .timeout(let seconds): "no steady oscillation within " + format(seconds, "%.0f s")
        case .pvBad: "the PV went bad"
        case .oscillationNotSteady(let cycles): "\(cycles) cycles never agreed (load changes or noise)"
        case .cancelled: "stopped"
        }
    }

    private static func format(_ value: Double, _ pattern: String) -> String { String(format: pattern, value) }
}
