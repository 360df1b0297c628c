/// The faults a lock-step soak injects, the same every simulated day (times of day in hours):
/// every instrument fault kind co-simulation has and every equipment fault of the container
/// plant, plus an uplink outage on even days long enough to reach the telemetry queue's bound.
public struct SoakSchedule: Sendable {
    /// One fault of the day: kind and target as `InstrumentFault` takes them, from/to hours.
    public struct Entry: Sendable, Equatable {
        public var kind: String
        public var target: String
        public var from: Double
        public var to: Double
        public var offset: Double?
        public var driftPerHour: Double?
    }

    public var entries: [Entry] = [
        Entry(kind: "dead", target: "do1", from: 1, to: 3),                        // DO probe silent: bad-DO speed
        Entry(kind: "frozen", target: "ph1.ph", from: 4, to: 7),                   // stuck pH electrode
        Entry(kind: "offset", target: "do1.oxygen", from: 8, to: 12, offset: 0.3, driftPerHour: 0.2),
        Entry(kind: "dead", target: "level1", from: 12.5, to: 13),
        Entry(kind: "plant", target: "blower1.trip", from: 13, to: 13.5),
        Entry(kind: "plant", target: "dosing.acid_pump.failure", from: 15, to: 17),
        Entry(kind: "plant", target: "dosing.caustic_pump.failure", from: 18, to: 19),
        Entry(kind: "plant", target: "influent.pump.failure", from: 20, to: 21),
    ]
    /// The uplink is down from this hour to midnight on even days (day 0, 2, ...).
    public var uplinkOutageFrom = 21.0
    /// Simulated seconds of one soak day; the hours above are scaled to it (a short CI run uses
    /// quarter days: every fault once a day still, each a quarter as long).
    public var dayLength = 86_400.0

    public init() {}

    /// Day `day`'s faults (0-based), in seconds since the start of the run.
    public func faults(day: Int) -> [InstrumentFault] {
        let base = Double(day) * dayLength, hour = dayLength / 24
        return entries.map { entry in
            InstrumentFault(kind: entry.kind, name: "\(entry.target) day \(day)",
                            point: entry.kind == "plant" ? nil : entry.target, fault: entry.kind == "plant" ? entry.target : nil,
                            start: base + entry.from * hour, end: base + entry.to * hour,
                            offset: entry.offset, driftPerHour: entry.driftPerHour)
        }
    }

    /// Whether the uplink is down at `time` (s since the start of the run).
    public func uplinkDown(at time: Double) -> Bool {
        let day = Int(time / dayLength)
        return day % 2 == 0 && time - Double(day) * dayLength >= uplinkOutageFrom * dayLength / 24
    }

    /// The faults and the outage in hours of a 24-hour day, for the report.
    public var summary: String {
        entries.map { "\($0.kind) \($0.target) \(Self.hours($0.from))-\(Self.hours($0.to))" }.joined(separator: "; ")
            + "; uplink down \(Self.hours(uplinkOutageFrom))-24:00 on even days"
    }

    private static func hours(_ h: Double) -> String {
        let minutes = Int((h * 60).rounded())
        return "\(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
    }
}
