import Console

/// `autotune <loop> [start [amplitude]|status|abort|accept]`: each step is a scan command (engineer);
/// the scan runs the experiment and the snapshot shows it.
extension UnitConsoleBackend {
    func autotune(_ loop: String, _ step: ConsoleAutotuneStep, by user: ConsoleUser) -> ConsoleReply {
        switch step {
        case .start(let amplitude):
            return submit(.startAutotune(loop: loop, amplitude: amplitude ?? AutotuneRun.defaultAmplitude), by: user)
        case .abort:
            return submit(.abortAutotune(loop: loop), by: user)
        case .accept:
            return submit(.acceptAutotune(loop: loop), by: user)
        case .status:
            guard let status = snapshot?.program.loop(loop) else { return .refused("no loop named \(loop)") }
            return .done(["\(loop) autotune " + (status.autotune ?? "not run")])
        }
    }
}
