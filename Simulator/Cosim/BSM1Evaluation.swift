import Foundation
import HAL
import Plant

extension BSM1CosimResult {
    /// The evaluation object `floc-sim cosim --json` prints: criteria (kg/d, kWh/d), violations
    /// (% of the evaluated time), controller errors (g/m3 d), effluent averages (g/m3), run cost.
    public var evaluation: [String: Any] {
        let c = criteria
        var object: [String: Any] = [
            "eqi": c.effluentQuality, "iqi": c.influentQuality, "aeration_energy_kwh_d": c.aerationEnergy,
            "pumping_energy_kwh_d": c.pumpingEnergy, "mixing_energy_kwh_d": c.mixingEnergy,
            "sludge_production_kg_d": c.sludgeProduction, "external_carbon_kg_d": c.externalCarbon,
            "oci": c.operationalCost, "evaluated_days": c.period, "simulated_days": simulatedDays, "scans": scans,
            "wall_time_s": (steadyStateTime + dynamicTime).seconds,
        ]
        for v in c.violations {
            object["\(v.name.lowercased())_violation_pct"] = v.percentOfTime
            object["\(v.name.lowercased())_violation_days"] = v.days
        }
        for (name, e) in zip(["so5", "sno2"], c.controlErrors) {
            object["iae_\(name)"] = e.iae
            object["ise_\(name)"] = e.ise
            object["max_error_\(name)"] = e.maximum
        }
        object["effluent_avg"] = effluentStates.merging(c.effluentAverages) { a, _ in a }
        if !unwiredOutputs.isEmpty { object["unwired_outputs"] = unwiredOutputs }
        return object
    }

    /// The criteria as text, one figure a line.
    public var text: String {
        let c = criteria
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "BSM1 co-simulation with Floc's unit program: \(f(c.period, 2)) d evaluated of \(f(simulatedDays, 2)) simulated, \(scans) scans",
            "  EQI \(f(c.effluentQuality)) kg/d   IQI \(f(c.influentQuality)) kg/d   OCI \(f(c.operationalCost))",
            "  AE \(f(c.aerationEnergy)) kWh/d   PE \(f(c.pumpingEnergy)) kWh/d   ME \(f(c.mixingEnergy)) kWh/d   SP \(f(c.sludgeProduction)) kg/d",
            "  effluent (g/m3): " + ["Ntot", "SNH", "SNO", "TSS", "COD", "BOD5"].map { "\($0) \(f(c.effluentAverages[$0] ?? .nan, 2))" }
                .joined(separator: ", "),
            "  violations (% of time): " + c.violations.map { "\($0.name) \(f($0.percentOfTime, 2))" }.joined(separator: ", "),
        ]
        for (name, e) in zip(["SO5", "SNO2"], c.controlErrors) {
            lines.append("  \(name): IAE \(f(e.iae, 4)) g/m3 d, ISE \(f(e.ise, 4)) (g/m3)^2 d, max |e| \(f(e.maximum, 3))")
        }
        lines.append("  wall time: steady state \(f(steadyStateTime.seconds, 1)) s, dynamic \(f(dynamicTime.seconds, 1)) s")
        if !unwiredOutputs.isEmpty { lines.append("  outputs not wired to the plant: " + unwiredOutputs.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

extension CosimRunResult {
    /// The run as a JSON-ready object: per-loop figures, expectations, run cost.
    public var evaluation: [String: Any] {
        var object: [String: Any] = [
            "simulated_h": simulatedSeconds / 3600, "scans": scans, "wall_time_s": wallTime.seconds, "passed": passed,
            "loops": Dictionary(uniqueKeysWithValues: loops.map {
                ($0.name, ["iae_h": $0.iae, "mean_abs_error": $0.meanAbsoluteError, "mean_output": $0.meanOutput])
            }),
            "expectations": expectations.map { ["expect": $0.expectation.summary, "passed": $0.passed, "detail": $0.detail] as [String: Any] },
        ]
        if let energy = trends.series("blower1.energy"), let first = energy.first(where: \.isFinite), let last = energy.last(where: \.isFinite) {
            object["blower_energy_kwh"] = last - first
            object["blower_energy_kwh_d"] = (last - first) / max(simulatedSeconds / 86_400, 1e-9)
        }
        if !unwiredOutputs.isEmpty { object["unwired_outputs"] = unwiredOutputs }
        return object
    }

    /// The run as text: loops, energy, each expectation with PASS/FAIL.
    public var text: String {
        var lines = [String(format: "%.2f h simulated, %d scans, %.1f s wall time", simulatedSeconds / 3600, scans, wallTime.seconds)]
        for loop in loops {
            lines.append(String(format: "  loop %@: mean |PV - SP| %.3f, IAE %.3f x h, mean output %.2f", loop.name,
                                loop.meanAbsoluteError, loop.iae, loop.meanOutput))
        }
        if let energy = evaluation["blower_energy_kwh"] as? Double { lines.append(String(format: "  blower energy %.2f kWh", energy)) }
        for e in expectations { lines.append("  \(e.passed ? "PASS" : "FAIL") \(e.expectation.summary): \(e.detail)") }
        if !unwiredOutputs.isEmpty { lines.append("  outputs not wired to the plant: " + unwiredOutputs.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

/// `object` as pretty JSON with sorted keys (NaN and infinity become null).
public func jsonText(_ object: Any) -> String {
    func clean(_ value: Any) -> Any {
        switch value {
        case let number as Double: number.isFinite ? number : NSNull()
        case let dictionary as [String: Any]: dictionary.mapValues(clean)
        case let dictionary as [String: Double]: dictionary.mapValues { clean($0) }
        case let array as [Any]: array.map(clean)
        default: value
        }
    }
    guard let data = try? JSONSerialization.data(withJSONObject: clean(object), options: [.prettyPrinted, .sortedKeys]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}
