/// One blower in operation: run/stop, speed ramp, trip, airflow, power and energy.
///
/// Pure and clock-driven (`advance(by:)`). A trip stops it at once (speed and airflow 0) and
/// latches until `resetTrip()`; a stop ramps the speed down like a VFD deceleration.
public struct Blower: Sendable {
    public let description: BlowerDescription
    /// Speed setpoint as commanded, %.
    public private(set) var speedCommand: Double = 0
    /// Run command as given.
    public private(set) var runCommand = false
    /// Tripped (motor protection, VFD fault): latched.
    public private(set) var tripped = false
    /// Energy drawn since start, kWh.
    public private(set) var energy: Double = 0
    private var drive: ActuatorModel

    public init(_ description: BlowerDescription) {
        self.description = description
        drive = ActuatorModel(rateLimit: description.ramp, deadTime: description.deadTime, range: 0...100)
    }

    /// Actual motor speed, %.
    public var speed: Double { drive.output }
    /// Whether the motor turns under power.
    public var running: Bool { runCommand && !tripped }
    /// Delivered airflow, Nm3/h.
    public var airflow: Double { running ? description.airflow(atSpeed: speed) : 0 }
    /// Electrical power, kW (0 when stopped or tripped).
    public var power: Double { running ? description.power(atSpeed: speed) : 0 }

    /// Sets the speed setpoint, % (clamped 0...100 by the drive, then to the minimum speed while running).
    public mutating func command(speed: Double) {
        speedCommand = min(max(speed, 0), 100)
        applyCommands()
    }

    /// Starts or stops the blower.
    public mutating func command(run: Bool) {
        runCommand = run
        applyCommands()
    }

    /// Trips the blower: speed 0 at once, airflow 0, latched.
    public mutating func trip() {
        tripped = true
        drive.force(0)
    }

    /// Clears a trip; the blower restarts if its run command is still on.
    public mutating func resetTrip() {
        tripped = false
        applyCommands()
    }

    /// Advances by `seconds`: the drive ramps and energy accumulates (trapezoidal in power, in
    /// steps of at most 0.5 s while the speed moves, since power is cubic in it).
    public mutating func advance(by seconds: Double) {
        var remaining = max(seconds, 0)
        while remaining > 0 {
            let step = drive.output != drive.lastCommand ? min(remaining, 0.5) : remaining
            let before = power
            drive.advance(by: step)
            energy += (before + power) / 2 * step / 3600
            remaining -= step
        }
    }

    private mutating func applyCommands() {
        guard !tripped else { return }
        drive.command(running ? max(speedCommand, description.minimumSpeed) : 0)
    }
}
