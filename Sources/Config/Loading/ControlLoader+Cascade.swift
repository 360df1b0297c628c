/// Remote setpoints: `setpoint_from` between `pid` loops and an aeration loop's `[ammonia]`.
extension ControlLoader {
    enum AmmoniaLaw: String, CaseIterable { case pi, feedforward }

    /// Checks every `setpoint_from` against the other loops: it names a `pid` loop other than
    /// itself, each outer feeds one inner, the outer's output range lies within the inner's
    /// setpoint limits, and no chain of them closes on itself.
    func validateCascades(_ loops: [LoopConfig]) {
        let declared = Array(loopReaders.keys).sorted()
        var innerOf: [String: String] = [:]
        for loop in loops {
            guard case .pid(let pid) = loop.kind, let from = pid.setpointFrom, let reader = loopReaders[loop.name] else { continue }
            let node = reader.table["setpoint_from"]
            func fail(_ message: String) { reader.error("setpoint_from", message, at: node) }
            if from == loop.name {
                fail("a loop cannot take its setpoint from itself")
                continue
            }
            guard let outer = loops.first(where: { $0.name == from }) else {
                // A loop declared but not loaded has its own errors already.
                if loopReaders[from] == nil { fail(undefinedMessage("loop", from, defined: declared.filter { $0 != loop.name })) }
                continue
            }
            guard case .pid(let outerPID) = outer.kind else {
                fail("'\(from)' is \(outer.typeName == "aeration" ? "an" : "a") \(outer.typeName) loop: only a pid loop's output can be a setpoint")
                continue
            }
            if let other = innerOf[from] {
                fail("'\(from)' already gives its output to '\(other)': an outer loop feeds one inner loop")
            } else {
                innerOf[from] = loop.name
            }
            let range = outerPID.pid.outputLimits
            let limits = loop.setpointLimits
            if !(limits.contains(range.lowerBound) && limits.contains(range.upperBound)) {
                fail("the output range of '\(from)' (out_min...out_max \(formatNumber(range.lowerBound))...\(formatNumber(range.upperBound)))"
                     + " must lie within setpoint_min...setpoint_max of '\(loop.name)' "
                     + "(\(formatNumber(limits.lowerBound))...\(formatNumber(limits.upperBound)))")
            }
        }
        reportCycles(loops)
    }

    /// One error per cycle of `setpoint_from`, at the first of its loops in file order.
    private func reportCycles(_ loops: [LoopConfig]) {
        let source = Dictionary(loops.compactMap { loop -> (String, String)? in
            guard case .pid(let pid) = loop.kind, let from = pid.setpointFrom, from != loop.name else { return nil }
            return (loop.name, from)
        }, uniquingKeysWith: { first, _ in first })
        var reported: Set<String> = []
        for loop in loops where !reported.contains(loop.name) {
            var chain = [loop.name]
            while let next = source[chain.last!], !chain.contains(next) { chain.append(next) }
            guard let last = chain.last, source[last] == loop.name else { continue }
            reported.formUnion(chain)
            let reader = loopReaders[loop.name]!
            reader.error("setpoint_from", "setpoint_from makes a cycle: " + (chain + [loop.name]).joined(separator: " <- ")
                         + " (each takes its setpoint from the next)", at: reader.table["setpoint_from"])
        }
    }

    /// `[loops.<aeration>.ammonia]`; `loopLimits` are the loop's setpoint limits (mg/L), which
    /// bound do_min...do_max, and `loopSetpoint` the default substitute.
    func readAmmonia(_ reader: TableReader, loopLimits: ClosedRange<Double>, loopSetpoint: Double?) -> AmmoniaSetpointConfig? {
        let point = point("point", in: reader, use: .input)
        let mode = reader.choice("mode", default: AmmoniaLaw.pi) ?? .pi
        func only(_ keys: [String], with law: AmmoniaLaw) {
            for key in keys where law != mode {
                if let node = reader.node(key) { reader.error(key, "only with mode = \"\(law.rawValue)\"", at: node) }
            }
        }
        only(["setpoint", "gain", "ti_s"], with: .pi)
        only(["intercept", "slope"], with: .feedforward)
        let law: AmmoniaSetpointConfig.Law?
        switch mode {
        case .pi:
            let target = reader.double("setpoint", default: nil, range: 0...100, unit: "mg/L")
            let gain = reader.double("gain", default: 0.5, range: 0...1e3) ?? 0.5
            let ti = reader.double("ti_s", default: 1800, range: 0...86400, unit: "s") ?? 1800
            law = target.map { .proportionalIntegral(setpoint: $0, gain: gain, integralTime: ti) }
        case .feedforward:
            let intercept = reader.double("intercept", default: 0, range: -20...20, unit: "mg/L") ?? 0
            let slope = reader.double("slope", default: nil, range: 0...100)
            law = slope.map { .feedForward(intercept: intercept, slope: $0) }
        }
        let low = reader.double("do_min", default: loopLimits.lowerBound, range: 0...20, unit: "mg/L") ?? loopLimits.lowerBound
        let high = reader.double("do_max", default: loopLimits.upperBound, range: 0...20, unit: "mg/L") ?? loopLimits.upperBound
        var limits: ClosedRange<Double>?
        if low >= high {
            reader.error("do_max", "\(formatNumber(high)) must be > do_min (\(formatNumber(low)))", at: reader.table["do_max"] ?? reader.table["do_min"])
        } else if !(loopLimits.contains(low) && loopLimits.contains(high)) {
            reader.error(reader.table["do_min"] != nil ? "do_min" : "do_max",
                         "do_min...do_max (\(formatNumber(low))...\(formatNumber(high)) mg/L) must lie within the loop's "
                         + "setpoint_min...setpoint_max (\(formatNumber(loopLimits.lowerBound))...\(formatNumber(loopLimits.upperBound)) mg/L)",
                         at: reader.table["do_min"] ?? reader.table["do_max"])
        } else {
            limits = low...high
        }
        let rate = reader.double("max_rate_per_min", default: 0.1, range: 0.001...10, unit: "mg/L/min") ?? 0.1
        let fallback = limits.map { min(max(loopSetpoint ?? $0.lowerBound, $0.lowerBound), $0.upperBound) } ?? 0
        let substitute = reader.double("substitute_do", default: fallback, range: 0...20, unit: "mg/L") ?? fallback
        if let limits, !limits.contains(substitute) {
            reader.error("substitute_do", "\(formatNumber(substitute)) is outside do_min...do_max "
                         + "(\(formatNumber(limits.lowerBound))...\(formatNumber(limits.upperBound))) mg/L", at: reader.table["substitute_do"])
        }
        let delay = reader.double("substitute_delay_s", default: 60, range: 0...86400, unit: "s") ?? 60
        guard let point, let law, let limits else { return nil }
        return AmmoniaSetpointConfig(point: point, law: law, doLimits: limits, maximumRatePerMinute: rate,
                                     substitute: substitute, substituteDelay: delay)
    }
}
