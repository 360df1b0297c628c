import Config
import FieldIO
import Foundation

/// How a point's value reads in `floc probe`, `write` and `run`.
enum PointFormat {
    /// Whole numbers without a fraction, others with up to 6 significant digits; flags as
    /// the names of the bits that are set; `-` for a value never read; bits as 0/1.
    static func value(_ sample: PointSample, spec: PointSpec) -> String {
        if sample.quality == .notYetRead || sample.value.isNaN { return "-" }
        if !spec.flags.isEmpty {
            let set = spec.flags.filter { sample.flags[$0.name] == true }.map(\.name)
            return "\(number(sample.value)) [\(set.isEmpty ? "no flags" : set.joined(separator: " "))]"
        }
        return number(sample.value)
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `1.2 s`, `350 ms`.
    static func age(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }
}
