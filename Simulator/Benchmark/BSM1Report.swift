import Foundation
import Plant

extension BSM1Result {
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
        let dynamicSeconds = Double(dynamicTime.components.seconds) + Double(dynamicTime.components.attoseconds) * 1e-18
        lines.append("  wall time: steady state \(steadyStateTime), \(f(simulatedDays, 0)) dynamic days \(dynamicTime) "
            + "(\(f(simulatedDays / dynamicSeconds, 1)) simulated days per second)")
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
