/// What a scenario expects of a run (`[[expect]]`), checked scan by scan.
///
/// - `within`: `signal` (any name `CoSimulation.value(of:)` knows) is within `tolerance` of
///   `target` (a number, or a name such as `loop:aeration1.sp`) for at least `fraction` of the
///   scans between `from` and `to`.
/// - `safe_within_scans`: `output` reaches `value` (default: its safe value) within `scans`
///   scans after fault `after_fault` starts, and stays there while the fault lasts.
/// - `alarm`: alarm `alarm` (a configured name or id) is annunciated within `within_s` seconds
///   after fault `after_fault` starts.
/// - `below` / `above`: `signal` stays below / above `limit` between `from` and `to`.
/// Times: `from_h`/`to_h` (hours) or `from_day`/`to_day` (days) since the start of the run.
public struct ScenarioExpectation: Codable, Sendable, Equatable {
    public var kind: String
    public var signal: String?
    public var target: Target?
    public var tolerance: Double?
    public var fraction: Double?
    public var output: String?
    public var value: Double?
    public var scans: Int?
    public var after_fault: String?
    public var alarm: String?
    public var within_s: Double?
    public var limit: Double?
    public var from_h: Double?
    public var to_h: Double?
    public var from_day: Double?
    public var to_day: Double?

    public static let kinds = ["within", "safe_within_scans", "alarm", "below", "above"]

    /// A number or a name to look up.
    public enum Target: Codable, Sendable, Equatable {
        case number(Double)
        case name(String)

        public init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let number = try? single.decode(Double.self) { self = .number(number) } else { self = .name(try single.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            switch self {
            case .number(let number): try single.encode(number)
            case .name(let name): try single.encode(name)
            }
        }
    }

    /// Start of the checked window, s (0 when not given).
    var from: Double { from_h.map { $0 * 3600 } ?? from_day.map { $0 * 86_400 } ?? 0 }
    /// End of the checked window, s (the end of the run when not given).
    var to: Double { to_h.map { $0 * 3600 } ?? to_day.map { $0 * 86_400 } ?? .infinity }

    /// A short human description, e.g. `basin.do within 0.3 of loop:aeration1.sp for 95 % of 1-6 h`.
    public var summary: String {
        switch kind {
        case "within":
            let target = switch self.target { case .number(let n)?: "\(n)"; case .name(let n)?: n; case nil: "?" }
            return "\(signal ?? "?") within \(tolerance ?? 0) of \(target) for \(Int((fraction ?? 1) * 100)) % of scans"
        case "safe_within_scans":
            return "\(output ?? "?") safe within \(scans ?? 1) scans after \(after_fault ?? "?")"
        case "alarm":
            return "alarm \(alarm ?? "?") within \(within_s ?? 0) s after \(after_fault ?? "?")"
        default:
            return "\(signal ?? "?") \(kind) \(limit ?? 0)"
        }
    }

    /// What is missing for the kind, or nil when complete.
    func problem(faultNames: Set<String>) -> String? {
        guard Self.kinds.contains(kind) else { return "kind '\(kind)' is not one of \(Self.kinds.joined(separator: ", "))" }
        func need(_ present: Bool, _ key: String) -> String? { present ? nil : "'\(kind)' needs `\(key)`" }
        let fault = after_fault.map { faultNames.contains($0) ? nil : "no fault named '\($0)'" } ?? nil
        switch kind {
        case "within":
            return need(signal != nil, "signal") ?? need(target != nil, "target") ?? need(tolerance != nil, "tolerance")
        case "safe_within_scans":
            return need(output != nil, "output") ?? need(after_fault != nil, "after_fault") ?? fault
        case "alarm":
            return need(alarm != nil, "alarm") ?? need(after_fault != nil, "after_fault") ?? fault
        default:
            return need(signal != nil, "signal") ?? need(limit != nil, "limit")
        }
    }
}
