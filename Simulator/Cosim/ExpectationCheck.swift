/// Follows one expectation through a run, scan by scan, and says whether it held and why.
public struct ExpectationCheck: Sendable {
    public let expectation: ScenarioExpectation
    /// Start and end of the fault it refers to, s.
    let faultWindow: (start: Double, end: Double)?
    private var inWindow = 0, good = 0
    private var reachedAt: Int?
    private var leftAfterReaching = false
    private var scansSinceFault = 0
    private var alarmAt: Double?
    private var worst: Double?

    init(_ expectation: ScenarioExpectation, faultWindow: (start: Double, end: Double)?) {
        self.expectation = expectation
        self.faultWindow = faultWindow
    }

    /// Looks at the state after one scan that ran at `time` (s).
    mutating func observe(time: Double, safeOutputs: [String: Double], _ value: (String) -> Double?) {
        let e = expectation
        switch e.kind {
        case "within":
            guard time >= e.from, time <= e.to, let signal = e.signal else { return }
            let target: Double? = switch e.target { case .number(let n)?: n; case .name(let n)?: value(n); case nil: nil }
            inWindow += 1
            if let v = value(signal), let target, abs(v - target) <= e.tolerance ?? 0 { good += 1 }
        case "safe_within_scans":
            guard let window = faultWindow, time >= window.start, time < window.end, let output = e.output else { return }
            scansSinceFault += 1
            let safe = e.value ?? safeOutputs[output] ?? .nan
            let at = value(output).map { abs($0 - safe) <= 1e-6 * max(1, abs(safe)) } ?? false
            if at, reachedAt == nil { reachedAt = scansSinceFault }
            if !at, reachedAt != nil { leftAfterReaching = true }
        case "alarm":
            guard let window = faultWindow, time >= window.start, alarmAt == nil, let alarm = e.alarm else { return }
            if value("alarm:" + alarm) == 1 { alarmAt = time - window.start }
        default:
            guard time >= e.from, time <= e.to, let signal = e.signal, let v = value(signal) else { return }
            worst = e.kind == "below" ? max(worst ?? v, v) : min(worst ?? v, v)
        }
    }

    /// Whether it held, with the measured figure.
    public var outcome: (passed: Bool, detail: String) {
        let e = expectation
        switch e.kind {
        case "within":
            guard inWindow > 0 else { return (false, "no scans in the window") }
            let share = Double(good) / Double(inWindow)
            return (share >= (e.fraction ?? 1), String(format: "%.1f %% of %d scans", share * 100, inWindow))
        case "safe_within_scans":
            guard let reachedAt else { return (false, "never reached its safe value (\(scansSinceFault) scans under the fault)") }
            if leftAfterReaching { return (false, "reached after \(reachedAt) scans, then left it") }
            return (reachedAt <= (e.scans ?? 1), "reached after \(reachedAt) scan\(reachedAt == 1 ? "" : "s")")
        case "alarm":
            guard let alarmAt else { return (false, "not raised") }
            return (alarmAt <= (e.within_s ?? 0), String(format: "raised after %.1f s", alarmAt))
        default:
            guard let worst else { return (false, "no value in the window") }
            let ok = e.kind == "below" ? worst < (e.limit ?? 0) : worst > (e.limit ?? 0)
            return (ok, String(format: "%@ %.4g", e.kind == "below" ? "max" : "min", worst))
        }
    }
}
