import Emulator

/// One line about the plant for the periodic summary: simulated time, active faults and
/// every bound signal's value.
enum PlantSummary {
    static func line(_ emulator: Emulator) -> String {
        var seen: Set<String> = []
        var values: [String] = []
        for binding in emulator.scenario.bindings where seen.insert(binding.signal).inserted {
            let value = emulator.plant.value(of: binding.signal).map { String(format: "%.3g", $0) } ?? "?"
            values.append("\(binding.signal)=\(value)")
        }
        let faults = emulator.activeFaults.map { "\($0.kind.name) \($0.device)\($0.point.map { "." + $0 } ?? "")" }
        return "floc-sim: t=\(formatted(emulator.time.rounded())) s"
            + (faults.isEmpty ? "" : "; faults: " + faults.joined(separator: ", "))
            + "; " + values.joined(separator: " ")
    }
}
