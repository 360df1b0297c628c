import Foundation
import Plant

extension BSM1Result {
    /// The last pass's wall and processor time, seconds (0 when no pass ran).
    public var lastPassSeconds: (wall: Double, processor: Double) {
        guard let last = passTimes.last else { return (0, 0) }
        return (PassTime.seconds(last.wall), PassTime.seconds(last.processor))
    }

    /// This run against `reference` (the same protocol on another integrator path): time ratios of
    /// the last pass and relative differences of EQI, OCI, AE and PE.
    public func comparison(with reference: BSM1Result) -> String {
        func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        let (wall, processor) = lastPassSeconds, (referenceWall, referenceProcessor) = reference.lastPassSeconds
        let pairs = [("EQI", criteria.effluentQuality, reference.criteria.effluentQuality),
                     ("OCI", criteria.operationalCost, reference.criteria.operationalCost),
                     ("AE", criteria.aerationEnergy, reference.criteria.aerationEnergy),
                     ("PE", criteria.pumpingEnergy, reference.criteria.pumpingEnergy)]
        return [
            "reference path (dense Jacobian by columns, dense LU with pivoting), last pass: \(f(referenceWall, 3)) s wall, "
                + "\(f(referenceProcessor, 3)) s CPU",
            "  speed-up of the last pass: \(f(referenceWall / wall, 1))x wall, \(f(referenceProcessor / processor, 1))x CPU",
            "  criteria, this run vs reference: " + pairs.map { name, ours, theirs in
                "\(name) \(f(ours, 3)) vs \(f(theirs, 3)) (\(f(100 * (ours - theirs) / theirs, 4)) %)"
            }.joined(separator: ", "),
        ].joined(separator: "\n")
    }

    /// The criteria as a plain-text table, with the wall time of the run.
    public var report: String {
        let c = criteria
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "BSM1 \(strategy.rawValue), days 7-14 of pass 2 (\(f(c.period, 2)) d evaluated)",
            "  EQI  effluent quality index     \(f(c.effluentQuality)) kg poll.units/d",
            "  IQI  influent quality index     \(f(c.influentQuality)) kg poll.units/d",
            "  AE   aeration energy            \(f(c.aerationEnergy)) kWh/d",
            "  PE   pumping energy             \(f(c.pumpingEnergy)) kWh/d",
            "  ME   mixing energy              \(f(c.mixingEnergy)) kWh/d",
            "  SP   sludge production          \(f(c.sludgeProduction)) kg SS/d",
            "  EC   external carbon            \(f(c.externalCarbon)) kg COD/d",
            "  OCI  operational cost index     \(f(c.operationalCost))",
            "  effluent averages (g/m3):       "
                + ["Ntot", "SNH", "SNO", "TKN", "TSS", "COD", "BOD5"].map { "\($0) \(f(c.effluentAverages[$0] ?? .nan, 2))" }
                .joined(separator: ", "),
            "  violations                      limit   time (d)  occurrences  % of time",
        ]
        for v in c.violations {
            lines.append("    " + v.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + f(v.limit, 0).leftPadded(6) + f(v.days, 3).leftPadded(11) + "\(v.occurrences)".leftPadded(13)
                + f(v.percentOfTime, 2).leftPadded(11))
        }
        for (name, e) in zip(["SO5 (DO, g/m3)", "SNO2 (nitrate, g N/m3)"], c.controlErrors) {
            lines.append("  \(name): IAE \(f(e.iae, 4)) g/m3 d, ISE \(f(e.ise, 4)) (g/m3)^2 d, max |e| \(f(e.maximum, 3))")
        }
        let s = statistics
        let days = passTimes.isEmpty ? 0 : simulatedDays / Double(passTimes.count)
        lines.append("  wall time: steady state \(f(PassTime.seconds(steadyStateTime), 3)) s, "
            + "\(f(simulatedDays, 0)) dynamic days \(f(PassTime.seconds(dynamicTime), 3)) s")
        for (index, pass) in passTimes.enumerated() {
            let wall = PassTime.seconds(pass.wall), processor = PassTime.seconds(pass.processor)
            lines.append("  pass \(index + 1) (\(f(days, 2)) d): \(f(wall, 3)) s wall, \(f(processor, 3)) s CPU, "
                + "\(f(days / wall, 2)) simulated days per wall second (\(f(days / processor, 2)) per CPU second)")
        }
        lines.append("  integrator: \(s.acceptedSteps) steps accepted, \(s.rejectedSteps) rejected, "
            + "\(s.jacobianEvaluations) Jacobians, \(s.factorizations) LU, \(s.functionEvaluations) f evaluations")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
