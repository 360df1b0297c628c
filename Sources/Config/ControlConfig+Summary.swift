extension ControlConfig {
    /// `floc check` lines for loops, alarms and interlocks.
    var summaryLines: [String] {
        var lines = ["loops:"]
        for loop in loops {
            let range = "[\(formatNumber(loop.setpointLimits.lowerBound)), \(formatNumber(loop.setpointLimits.upperBound))]"
            lines.append("  \(loop.name): \(loop.typeName), mode \(loop.mode.rawValue), setpoint \(formatNumber(loop.setpoint)) \(range)")
            lines.append("    " + loop.wiring)
            if let source = loop.setpointSource { lines.append("    remote setpoint (cascade) from \(source)") }
        }
        lines.append("alarms:")
        for alarm in alarms {
            let what: String = switch alarm.trigger {
            case let .analog(point, limits, deadband):
                "\(point.key) " + limits.map { "\($0.0.rawValue) \(formatNumber($0.1))" }.joined(separator: ", ")
                    + (deadband > 0 ? ", deadband \(formatNumber(deadband))" : "")
            case let .digital(condition): "when \(condition.text)"
            case let .deviation(loop, high, low, _):
                "deviation from \(loop) setpoint" + (high.map { ", high +\(formatNumber($0))" } ?? "")
                    + (low.map { ", low -\(formatNumber($0))" } ?? "")
            case let .rate(point, rise, fall, window, _):
                "rate of \(point.key) over \(formatNumber(window)) s" + (rise.map { ", rise \(formatNumber($0))/min" } ?? "")
                    + (fall.map { ", fall \(formatNumber($0))/min" } ?? "")
            case .badQuality(let point): "bad quality of \(point.key)"
            case let .fault(condition, equipment): "fault of \(equipment ?? condition.text)"
            }
            lines.append("  \(alarm.name): \(what), priority \(alarm.priority.rawValue)\(alarm.latching ? ", latching" : "")")
        }
        lines.append("interlocks:")
        for interlock in interlocks {
            var facts = interlock.permissives.map { "permissive \($0.text)" } + interlock.trips.map { "trip \($0.text)" }
            facts.append(interlock.estop ? "e-stop: stops every output" : "stops " + interlock.loops.joined(separator: ", "))
            if interlock.latching { facts.append("latching") }
            lines.append("  \(interlock.name): " + facts.joined(separator: "; "))
        }
        if !instruments.isEmpty { lines.append("instruments:") }
        for instrument in instruments {
            var facts = instrument.calibration.map { ["calibration \($0.rawValue)"] } ?? ["not calibrated"]
            if let days = instrument.calibrationIntervalDays { facts.append("due every \(formatNumber(days)) days") }
            facts.append("hold at most \(formatNumber(instrument.maxHoldMinutes)) min")
            lines.append("  \(instrument.name): " + facts.joined(separator: ", "))
        }
        return lines
    }
}

extension LoopConfig {
    /// Inputs -> outputs of the loop, one line.
    var wiring: String {
        switch kind {
        case .aeration(let aeration):
            let inputs = [aeration.dissolvedOxygen.key] + (aeration.airflow.map { [$0.key] } ?? [])
            let outputs = aeration.blowers.map { blower in
                ([blower.speed.key] + (blower.run.map { [$0.key] } ?? [])).joined(separator: " + ")
            }
            let structure = aeration.airflow == nil ? "single loop" : "cascade"
            return "\(inputs.joined(separator: ", ")) -> \(outputs.joined(separator: ", ")) (\(structure), "
                + "\(aeration.blowers.count) blower\(aeration.blowers.count == 1 ? "" : "s"))"
        case .ph(let ph):
            let sides = [("acid", ph.acid), ("caustic", ph.caustic)].compactMap { name, doser in
                doser.map { "\(name) \($0.output.key)" + ($0.cycleTime.map { " (relay, cycle \(formatNumber($0)) s)" } ?? " (speed)") }
            }
            return "\(ph.ph.key) -> " + sides.joined(separator: ", ")
        case .pid(let pid):
            return "\(pid.pv.key) -> \(pid.output.key) (\(pid.direct ? "direct" : "reverse"))"
        }
    }
}
