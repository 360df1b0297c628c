/// One `[alarms.<name>]`: limits on an analogue point, or a condition on a point.
public struct AlarmConfig: Sendable, Equatable {
    public enum Priority: String, Sendable, CaseIterable { case critical, high, medium, low }
    public enum Limit: String, Sendable, CaseIterable { case hh, h, l, ll }

    public enum Trigger: Sendable, Equatable {
        /// Limits on `point`'s value (any of hh/h/l/ll), with hysteresis `deadband`.
        case analog(point: PointReference, limits: [(Limit, Double)], deadband: Double)
        /// Active while `condition` holds.
        case digital(PointCondition)
        /// PV minus setpoint of `loop` at or above `high`, or at or below `-low` (PV units);
        /// ids `name.high`, `name.low`. Suppressed while the loop is not in auto.
        case deviation(loop: String, high: Double?, low: Double?, deadband: Double)
        /// Rate of change of `point` over `window` s, units per minute: rising at or above
        /// `rise`, falling at or faster than `fall`; ids `name.rise`, `name.fall`.
        case rate(point: PointReference, rise: Double?, fall: Double?, window: Double, deadband: Double)
        /// Active while `point` has bad quality (comm-fail, out of range, stale).
        case badQuality(PointReference)
        /// Equipment fault: active while `condition` holds; `equipment` names the blower or
        /// pump whose fault point it reads, when it was named that way.
        case fault(PointCondition, equipment: String?)

        public static func == (lhs: Trigger, rhs: Trigger) -> Bool {
            switch (lhs, rhs) {
            case let (.analog(p1, l1, d1), .analog(p2, l2, d2)):
                p1 == p2 && d1 == d2 && l1.map(\.0) == l2.map(\.0) && l1.map(\.1) == l2.map(\.1)
            case let (.digital(c1), .digital(c2)): c1 == c2
            case let (.deviation(l1, h1, o1, d1), .deviation(l2, h2, o2, d2)): l1 == l2 && h1 == h2 && o1 == o2 && d1 == d2
            case let (.rate(p1, r1, f1, w1, d1), .rate(p2, r2, f2, w2, d2)):
                p1 == p2 && r1 == r2 && f1 == f2 && w1 == w2 && d1 == d2
            case let (.badQuality(p1), .badQuality(p2)): p1 == p2
            case let (.fault(c1, e1), .fault(c2, e2)): c1 == c2 && e1 == e2
            default: false
            }
        }
    }

    public var name: String
    public var trigger: Trigger
    public var priority: Priority
    public var message: String
    /// Seconds the condition must hold before the alarm comes / be gone before it goes.
    public var onDelay: Double
    public var offDelay: Double
    public var latching: Bool
    public var line: Int

    public init(name: String, trigger: Trigger, priority: Priority = .medium, message: String = "",
                onDelay: Double = 0, offDelay: Double = 0, latching: Bool = false, line: Int = 0) {
        self.name = name
        self.trigger = trigger
        self.priority = priority
        self.message = message
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.latching = latching
        self.line = line
    }
}
