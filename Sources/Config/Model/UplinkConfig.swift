/// The unit's uplinks (`[uplinks.*]`): none, Sparkplug B, HJ 212, or both.
public struct UplinksConfig: Sendable, Equatable {
    public var sparkplug: SparkplugUplinkConfig?
    public var hj212: HJ212UplinkConfig?

    public init(sparkplug: SparkplugUplinkConfig? = nil, hj212: HJ212UplinkConfig? = nil) {
        self.sparkplug = sparkplug
        self.hj212 = hj212
    }
}

/// The role an uplink's commands carry: what the scan lets a remote host change.
public enum UplinkRole: String, Sendable, CaseIterable { case viewer, `operator`, technician }

/// How full the store-and-forward queue may get, and what happens at the limit.
public struct UplinkQueueConfig: Sendable, Equatable {
    public enum Policy: String, Sendable, CaseIterable { case dropOldest = "drop-oldest", refuseNew = "refuse-new" }
    /// SQLite database file, absolute.
    public var path = "/var/lib/floc/telemetry.db"
    /// Undelivered samples kept at most (of this uplink; other uplinks in the same file have their own).
    public var maxRecords = 604_800
    /// Undelivered samples older than this are dropped, seconds; nil keeps them.
    public var maxAge: Double?
    public var policy = Policy.dropOldest
    /// Fraction of the bound at which the high-water alarm rises (before anything is dropped).
    public var highWater = 0.8

    public init() {}
}

/// `[uplinks.sparkplug]`: Sparkplug B over MQTT.
public struct SparkplugUplinkConfig: Sendable, Equatable {
    /// `mqtt_version`: the MQTT protocol level spoken to the broker.
    public enum MQTTVersion: String, Sendable, CaseIterable { case v3_1_1 = "3.1.1", v5 = "5" }

    public var host = ""
    public var port = 1883
    public var group = ""
    public var edgeNode = ""
    /// Sparkplug 3.0 Primary Host id: publish only while its `STATE` says online.
    public var primaryHost: String?
    public var commandRole = UplinkRole.viewer
    /// Seconds between samples.
    public var sampleInterval = 1.0
    /// MQTT keepalive, seconds.
    public var keepalive = 30
    /// Deadband of metrics without their own entry, in each metric's unit.
    public var defaultDeadband = 0.0
    /// Deadbands by metric path (`aeration1/PV`, `do1/oxygen`), in the metric's unit.
    public var deadbands: [String: Double] = [:]
    /// Backlog samples replayed per second at most after an outage.
    public var replayRate = 2000
    public var queue = UplinkQueueConfig()
    /// TLS: CA file (enables TLS; the broker's host name is verified), optional client certificate and key.
    public var tlsCAFile: String?
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var username: String?
    /// File holding the password (its first line); must not be readable by group or others.
    public var passwordFile: String?
    public var mqttVersion = MQTTVersion.v3_1_1
    public var line = 0

    public init() {}
}

/// `[uplinks.hj212]`: HJ 212-2017 to the environmental authority's platform.
public struct HJ212UplinkConfig: Sendable, Equatable {
    public var host = ""
    public var port = 0
    /// Unit id (MN), up to 24 characters.
    public var mn = ""
    /// File holding the 6-character access password (PW); must not be readable by group or others.
    public var passwordFile = ""
    /// System code (ST), 2 digits; 32 = surface-water pollution source.
    public var st = "32"
    /// Seconds between real-time (2011) reports.
    public var realtimeInterval = 30.0
    /// Minutes per minute-statistics (2051) period: 1..60, dividing 60.
    public var minuteInterval = 10
    /// Pollutant code -> point key (`w01009` -> `do1.oxygen`), in file order.
    public var factors: [(code: String, point: String)] = []
    /// Engineering unit of each factor's point, by code: `[uplinks.hj212.units]`, else the point's
    /// profile unit; absent when neither says. The flow factor (w00000) has `m3/h` or `L/s`.
    public var units: [String: String] = [:]
    public var line = 0

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.mn == rhs.mn && lhs.passwordFile == rhs.passwordFile
            && lhs.st == rhs.st && lhs.realtimeInterval == rhs.realtimeInterval && lhs.minuteInterval == rhs.minuteInterval
            && lhs.factors.map(\.code) == rhs.factors.map(\.code) && lhs.factors.map(\.point) == rhs.factors.map(\.point)
            && lhs.units == rhs.units && lhs.line == rhs.line
    }
}
