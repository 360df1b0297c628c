import Config
import FieldIO
import Foundation

/// The unit's outputs in scan-frame order, each with its safe value and maximum age
/// (`[outputs.*] max_age_ms`, default 10 scan periods, at least 3 s), and the one map from
/// a loop's output key to its frame slot.
struct UnitOutputs {
    let guards: [OutputGuard]
    private let slots: [String: Int]

    /// `safe`: every output's safe value by image key; keys are ordered for a stable frame.
    init(safe: [String: Double], control: ControlConfig) {
        guards = safe.keys.sorted().map { key in
            OutputGuard(key: key, safe: safe[key]!, maxAge: .nanoseconds(Int64((control.outputMaxAge(key) * 1e9).rounded())))
        }
        slots = Dictionary(uniqueKeysWithValues: guards.enumerated().map { ($0.element.key, $0.offset) })
    }

    /// Puts one loop's outputs into the frame; the first writer of a key wins (the loader
    /// allows one writer per output).
    func write(_ values: [String: Double], into frame: inout ScanFrame) {
        for (key, value) in values {
            guard let slot = slots[key], frame.outputs[slot] == nil else { continue }
            frame.outputs[slot] = value
        }
    }
}
