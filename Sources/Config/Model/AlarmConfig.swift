/// One `[alarms.<name>]`: limits on an analogue point, or a condition on a point.
public struct AlarmConfig: Sendable, Equatable {
    public enum Priority: String, Sendable, CaseIterable { case critical, high, medium, low }
    public enum Limit: String, Sendable, CaseIterable { case hh, h, l, ll }

    public enum Trigger: Sendable, Equatable {
        /// Limits on `point`'s value (any of hh/h/l/ll), with hysteresis `deadband`.
        case analog(point: PointReference, limits: [(Limit, Double)], deadband: Double)
        /// Active while `condition` holds.
        case digital(PointCondition)

        public static func == (lhs: Trigger, rhs: Trigger) -> Bool {
            switch (lhs, rhs) {
            case let (.analog(p1, l1, d1), .analog(p2, l2, d2)):
                p1 == p2 && d1 == d2 && l1.map(\.0) == l2.map(\.0) && l1.map(\.1) == l2.map(\.1)
            case let (.digital(c1), .digital(c2)): c1 == c2
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
