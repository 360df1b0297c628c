import Config
import Control

/// Relay autotune on the scan: started, aborted and accepted by commands (engineer), stepped every
/// scan before the loops run, shown in the loop's status.
extension UnitProgram {
    func applyAutotune(_ command: UnitCommand, from source: CommandSource) -> CommandResult {
        switch command {
        case let .startAutotune(name, amplitude): startAutotune(name, amplitude: amplitude, by: source.name)
        case .abortAutotune(let name): abortAutotune(name)
        case .acceptAutotune(let name): acceptAutotune(name)
        default: .rejected("not an autotune command")
        }
    }

    private func startAutotune(_ name: String, amplitude: Double, by: String) -> CommandResult {
        guard let loop = loop(name) else { return .rejected("no loop named \(name)") }
        if autotunes[name]?.isRunning == true { return .rejected("\(name) is autotuning already") }
        let form: ControllerForm
        let action: PIDAction
        switch loop.config.kind {
        case .pid(let pid):
            form = pid.pid.derivativeTime > 0 ? .pid : .pi
            action = pid.direct ? .direct : .reverse
        case .aeration:
            form = .pi
            action = .reverse
        case .ph:
            return .rejected("\(name) is a pH loop, tuned by its gain schedule; autotune is for pid and aeration loops")
        }
        guard loop.mode == .auto || loop.mode == .manual else { return .rejected("\(name) is \(loop.mode.rawValue): put it in auto or manual") }
        let status = loop.status
        guard let pv = status.pv, loop.config.setpointLimits.contains(pv) else {
            return .rejected("\(name) needs a good PV within its setpoint limits to start")
        }
        let span = loop.config.setpointLimits.upperBound - loop.config.setpointLimits.lowerBound
        let tuner: RelayAutotuner
        do {
            tuner = try RelayAutotuner(settings: .init(
                setpoint: loop.setpoint, bias: status.output, amplitude: amplitude, hysteresis: span * 0.005, action: action,
                pvLimits: loop.config.setpointLimits, maximumDuration: AutotuneRun.maximumDuration))
        } catch {
            return .rejected("\(name): cannot autotune: \(error)")
        }
        let previous = loop.mode
        loop.setMode(.manual)
        autotunes[name] = AutotuneRun(tuner: tuner, previousMode: previous, by: by, form: form)
        return .accepted("\(name) autotune started: output \(status.output) ± \(amplitude) around setpoint \(loop.setpoint)")
    }

    private func abortAutotune(_ name: String) -> CommandResult {
        guard loop(name) != nil else { return .rejected("no loop named \(name)") }
        guard var run = autotunes[name], run.isRunning else { return .rejected("\(name) is not autotuning") }
        run.tuner.cancel()
        autotunes[name] = run
        restore(name)
        return .accepted("\(name) autotune aborted; back in \(run.previousMode.rawValue)")
    }

    private func acceptAutotune(_ name: String) -> CommandResult {
        guard let loop = loop(name) else { return .rejected("no loop named \(name)") }
        guard let run = autotunes[name], case .finished(let result) = run.tuner.state else {
            return .rejected("\(name) has no finished autotune to accept")
        }
        let gains = result.gains(.tyreusLuyben, run.form)
        guard let tunable = loop as? PIDLoopRunner else {
            return .rejected("\(name): gains of \(loop.config.typeName) loops are set in the unit file: "
                + "gain = \(gains.gain), ti_s = \(gains.integralTime)")
        }
        if let refusal = tunable.setGains(gains) { return .rejected("\(name): \(refusal)") }
        autotunes[name] = nil
        return .accepted("\(name) gains applied: gain \(gains.gain), ti \(gains.integralTime) s, td \(gains.derivativeTime) s")
    }

    /// Steps every running autotune (scan thread, after the inputs are validated, before the loops run).
    func driveAutotunes(blocked: [String: String], eStop: Bool, dt: Double) {
        for name in autotunes.keys.sorted() {
            guard var run = autotunes[name], let loop = loop(name) else { continue }
            guard run.isRunning else { continue }
            if loop.mode != .manual || blocked[name] != nil || eStop {
                // Someone changed the mode, or an interlock or the e-stop took the loop: the experiment is over.
                run.tuner.cancel()
            } else {
                _ = run.tuner.step(pv: inputs.sample(Self.processValue(loop.config)), dt: dt)
            }
            autotunes[name] = run
            if run.isRunning {
                _ = loop.setManualOutput(run.tuner.output)
            } else {
                restore(name)
            }
        }
    }

    /// Hands the loop back: the relay's centre output, then the mode it had (bumpless from manual).
    private func restore(_ name: String) {
        guard var run = autotunes[name], !run.restored, let loop = loop(name) else { return }
        if loop.mode == .manual {
            _ = loop.setManualOutput(run.tuner.output)
            loop.setMode(run.previousMode)
        }
        run.restored = true
        autotunes[name] = run
    }

    /// The loop's status with its autotune line, if any.
    func withAutotune(_ status: LoopStatus) -> LoopStatus {
        var status = status
        status.autotune = autotunes[status.name]?.summary
        return status
    }

    static func processValue(_ config: LoopConfig) -> PointReference {
        switch config.kind {
        case .aeration(let aeration): aeration.dissolvedOxygen
        case .ph(let ph): ph.ph
        case .pid(let pid): pid.pv
        }
    }
}
