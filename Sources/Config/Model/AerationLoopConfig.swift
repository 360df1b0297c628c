/// A basin's aeration loop: DO (and optionally airflow) in, one or more blowers out.
public struct AerationLoopConfig: Sendable, Equatable {
    public var dissolvedOxygen: PointReference
    /// With an airflow meter the loop is a cascade DO -> airflow -> speed.
    public var airflow: PointReference?
    /// DO -> airflow setpoint (Nm3/h) in a cascade, DO -> speed (%) without airflow.
    public var outer: PIDConfig
    /// Airflow -> speed (%), cascade only.
    public var inner: PIDConfig?
    public var blowers: [BlowerConfig]
    /// Speed (%) after DO has been bad for `badDODelay` s; nil holds the last speed.
    public var badDOSpeed: Double?
    public var badDODelay: Double
    /// Staging of several blowers: start a lag one above `startAbove` % for `startDelay` s,
    /// stop one below `stopBelow` % for `stopDelay` s.
    public var startAbove: Double
    public var startDelay: Double
    public var stopBelow: Double
    public var stopDelay: Double
    /// Ammonia-based DO setpoint (`[ammonia]`), the loop's remote setpoint in `cascade` mode.
    public var ammonia: AmmoniaSetpointConfig?

    public init(dissolvedOxygen: PointReference, airflow: PointReference? = nil, outer: PIDConfig, inner: PIDConfig? = nil,
                blowers: [BlowerConfig], badDOSpeed: Double? = nil, badDODelay: Double = 0,
                startAbove: Double = 95, startDelay: Double = 300, stopBelow: Double = 30, stopDelay: Double = 600,
                ammonia: AmmoniaSetpointConfig? = nil) {
        self.dissolvedOxygen = dissolvedOxygen
        self.airflow = airflow
        self.outer = outer
        self.inner = inner
        self.blowers = blowers
        self.badDOSpeed = badDOSpeed
        self.badDODelay = badDODelay
        self.startAbove = startAbove
        self.startDelay = startDelay
        self.stopBelow = stopBelow
        self.stopDelay = stopDelay
        self.ammonia = ammonia
    }
}

/// One blower of an aeration loop (`[loops.<name>.blowers.<blower>]`).
public struct BlowerConfig: Sendable, Equatable {
    public var name: String
    /// Speed reference, %.
    public var speed: PointReference
    /// Run command, written 1/0; nil when the drive runs on a non-zero reference.
    public var run: PointReference?
    /// Running feedback; while it reads 0 with run commanded, the loop tracks instead of winding up.
    public var running: PointReference?
    /// Fault feedback; while it reads 1 the blower is unavailable to staging.
    public var fault: PointReference?
    public var minimumSpeed: Double
    public var maximumSpeed: Double
    public var minimumRunTime: Double
    public var minimumStopTime: Double
    /// Speed (%) out of service, interlocked, before the first scan and on stop; 0 also stops it.
    public var safeSpeed: Double
    /// Speed (%) in hand, whatever the loop asks; nil runs at the middle of min...max speed.
    public var handSpeed: Double?

    public init(name: String, speed: PointReference, run: PointReference? = nil, running: PointReference? = nil,
                fault: PointReference? = nil, minimumSpeed: Double = 20, maximumSpeed: Double = 100,
                minimumRunTime: Double = 0, minimumStopTime: Double = 0, safeSpeed: Double = 0, handSpeed: Double? = nil) {
        self.name = name
        self.speed = speed
        self.run = run
        self.running = running
        self.fault = fault
        self.minimumSpeed = minimumSpeed
        self.maximumSpeed = maximumSpeed
        self.minimumRunTime = minimumRunTime
        self.minimumStopTime = minimumStopTime
        self.safeSpeed = safeSpeed
        self.handSpeed = handSpeed
    }

    /// Speed (%) in hand: `handSpeed`, else the middle of the speed range.
    public var handSpeedOrDefault: Double { handSpeed ?? (minimumSpeed + maximumSpeed) / 2 }
}
