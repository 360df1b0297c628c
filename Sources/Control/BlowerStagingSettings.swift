/// Configuration of several blowers on one air header.
public struct BlowerStagingSettings: Sendable, Equatable {
    public struct Blower: Sendable, Equatable {
        public var name: String
        /// Speed range while running, percent.
        public var minimumSpeed: Double
        public var maximumSpeed: Double
        /// Once started it runs at least this long, seconds (motor heating, starts per hour).
        public var minimumRunTime: Double
        /// Once stopped it stays stopped at least this long, seconds.
        public var minimumStopTime: Double

        public init(name: String, minimumSpeed: Double, maximumSpeed: Double, minimumRunTime: Double, minimumStopTime: Double) {
            self.name = name
            self.minimumSpeed = minimumSpeed
            self.maximumSpeed = maximumSpeed
            self.minimumRunTime = minimumRunTime
            self.minimumStopTime = minimumStopTime
        }
    }

    public var blowers: [Blower]
    /// A lag blower starts when the demand stays at or above `startAbove` (%) for `startDelay` s.
    public var startAbove: Double
    public var startDelay: Double
    /// One blower stops when the demand stays at or below `stopBelow` (%) for `stopDelay` s.
    public var stopBelow: Double
    public var stopDelay: Double
    /// Blowers kept running whatever the demand (the basin must never go without air).
    public var minimumRunning: Int

    public init(blowers: [Blower], startAbove: Double, startDelay: Double, stopBelow: Double, stopDelay: Double,
                minimumRunning: Int = 1) {
        self.blowers = blowers
        self.startAbove = startAbove
        self.startDelay = startDelay
        self.stopBelow = stopBelow
        self.stopDelay = stopDelay
        self.minimumRunning = minimumRunning
    }

    var problems: [String] {
        var found: [String] = []
        if blowers.isEmpty { found.append("staging needs at least one blower") }
        for blower in blowers {
            if !(0 <= blower.minimumSpeed && blower.minimumSpeed < blower.maximumSpeed && blower.maximumSpeed <= 100) {
                found.append("blower \(blower.name): speeds must satisfy 0 <= min < max <= 100 %")
            }
            if !(blower.minimumRunTime >= 0 && blower.minimumRunTime.isFinite && blower.minimumStopTime >= 0 && blower.minimumStopTime.isFinite) {
                found.append("blower \(blower.name): minimum run and stop times must be finite and >= 0 s")
            }
        }
        if !(stopBelow < startAbove) { found.append("stop threshold must be below the start threshold (hysteresis)") }
        if !(startDelay >= 0 && startDelay.isFinite && stopDelay >= 0 && stopDelay.isFinite) {
            found.append("start and stop delays must be finite and >= 0 s")
        }
        if !(0...blowers.count).contains(minimumRunning) { found.append("minimum running must be in 0...\(blowers.count)") }
        return found
    }
}

/// Persistent counters and present state of one blower.
public struct BlowerRecord: Sendable, Equatable {
    /// Seconds run in total: the lead/lag order, and the hours meter to persist.
    public var runSeconds: Double
    public var starts: Int
    public var running: Bool
    /// Seconds since it last started or stopped; infinite when unknown (after a restart).
    public var sinceChange: Double

    public init(runSeconds: Double = 0, starts: Int = 0, running: Bool = false, sinceChange: Double = .infinity) {
        self.runSeconds = runSeconds
        self.starts = starts
        self.running = running
        self.sinceChange = sinceChange
    }

    public var runHours: Double { runSeconds / 3600 }
}

/// One start or stop decided by staging.
public struct BlowerEvent: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        /// Fewer than the minimum were running.
        case minimumRunning
        /// Demand above the start threshold for the start delay.
        case demandHigh
        /// Demand below the stop threshold for the stop delay.
        case demandLow
        /// Started in place of one that became unavailable.
        case replacing
        /// Tripped, in hand or off, or interlocked: no longer under staging.
        case unavailable
    }

    public var blower: Int
    public var started: Bool
    public var reason: Reason

    public init(blower: Int, started: Bool, reason: Reason) {
        self.blower = blower
        self.started = started
        self.reason = reason
    }
}

/// What staging asks of one blower.
public struct BlowerCommand: Sendable, Equatable {
    public var run: Bool
    /// Speed, percent; 0 when not running.
    public var speed: Double

    public init(run: Bool, speed: Double) {
        self.run = run
        self.speed = speed
    }
}

/// What one staging scan did.
public struct BlowerStagingInfo: Sendable, Equatable {
    public var commands: [BlowerCommand]
    public var events: [BlowerEvent]
    /// Blowers staging wants running, and blowers running.
    public var wanted: Int
    public var running: Int
    /// Fewer are running than wanted: no available blower may start yet.
    public var short: Bool
}
