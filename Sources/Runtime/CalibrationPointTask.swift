import Console
import Control
import FieldIO

/// Waits for one calibration point: each poll feeds the latest raw reading to the procedure.
final class CalibrationPointTask: ConsolePendingTask {
    let backend: UnitConsoleBackend
    let instrument: String

    init(backend: UnitConsoleBackend, instrument: String) {
        self.backend = backend
        self.instrument = instrument
    }

    func poll() -> ConsoleProgress {
        let now = backend.clock.now
        let samples = backend.image.snapshot(at: now)
        let progress = backend.calibrations.update(instrument) { procedure in
            let raw = samples[procedure.rawKey]?.controlSample ?? Sample(value: .nan, quality: .bad, time: UnitConsoleBackend.seconds(now))
            let temperature = procedure.temperatureKey.flatMap { samples[$0]?.controlSample }
            return procedure.observe(raw: raw, temperature: temperature, now: UnitConsoleBackend.seconds(now))
        }
        switch progress {
        case nil: return .finished(.refused("the calibration of \(instrument) was ended"))
        case .waiting(let line)?: return .waiting(line)
        case .recorded(let line)?: return .finished(.done([line]))
        case .failed(let reason)?: return .finished(.refused(reason))
        }
    }

    func cancel() -> ConsoleReply {
        _ = backend.calibrations.update(instrument) { $0.cancelPoint() }
        return .done(["\(instrument): point not recorded"])
    }
}
