/// A fault a co-simulation scenario injects, by name, at a simulated time (`[[faults]]`):
/// an instrument that dies, freezes or drifts as the controller sees it, or equipment that
/// fails inside the plant (`plant`, e.g. `blower1.trip`, see `PlantFault`).
public struct InstrumentFault: Codable, Sendable, Equatable {
    /// Kinds: `dead` (no answer: the device's points go comm-fail), `frozen` (the point keeps
    /// its value), `offset` (value + offset + drift_per_hour x hours), `plant` (an equipment fault).
    public var kind: String
    /// Referred to by expectations (`after_fault`).
    public var name: String?
    /// `device` (dead) or `device.point` (frozen, offset).
    public var point: String?
    /// The plant fault's name, for `plant`.
    public var fault: String?
    /// Simulated seconds since the start of the run; `end_s` nil lasts to the end.
    public var start_s: Double
    public var end_s: Double?
    public var offset: Double?
    public var drift_per_hour: Double?

    public static let kinds = ["dead", "frozen", "offset", "plant"]

    public init(kind: String, name: String? = nil, point: String? = nil, fault: String? = nil, start: Double,
                end: Double? = nil, offset: Double? = nil, driftPerHour: Double? = nil) {
        self.kind = kind
        self.name = name
        self.point = point
        self.fault = fault
        start_s = start
        end_s = end
        self.offset = offset
        drift_per_hour = driftPerHour
    }

    /// Whether the fault acts at `time` (s).
    public func isActive(at time: Double) -> Bool { time >= start_s && (end_s.map { time < $0 } ?? true) }

    /// Whether it acts on the image key `key` (`device.point`).
    func covers(_ key: String) -> Bool {
        guard let point else { return false }
        return kind == "dead" ? key.hasPrefix(point + ".") || key == point : key == point
    }

    /// A problem with the fault's keys, or nil.
    var problem: String? {
        guard Self.kinds.contains(kind) else { return "kind '\(kind)' is not one of \(Self.kinds.joined(separator: ", "))" }
        if kind == "plant" { return fault == nil ? "a plant fault needs `fault` (e.g. blower1.trip)" : nil }
        if point == nil { return "a '\(kind)' fault needs `point`" }
        if let end_s, end_s <= start_s { return "end_s must be after start_s" }
        return nil
    }
}
