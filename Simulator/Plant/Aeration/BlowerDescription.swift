/// A variable-speed blower: its airflow curve, power draw and drive.
///
/// Loaded from a plant file (`[blower]`). Airflow follows the fan affinity law Q ~ N (a
/// straight line through the origin, cut off below `minimumSpeed`) unless a measured curve is
/// given; shaft power follows the cubic affinity law P ~ N^3 on top of a constant base
/// (motor, VFD and bearing losses).
public struct BlowerDescription: Codable, Equatable, Sendable {
    /// Airflow at 100 % speed, Nm3/h (0 °C, 101.325 kPa).
    public var ratedAirflow: Double
    /// Lowest speed at which the blower can run, % (commands below run it there).
    public var minimumSpeed: Double
    /// Optional measured curve: speeds (%), ascending, with `curveAirflow` beside them.
    public var curveSpeed: [Double]
    /// Airflow at each `curveSpeed`, Nm3/h.
    public var curveAirflow: [Double]
    /// Electrical power at 100 % speed, kW.
    public var ratedPower: Double
    /// Speed-independent part of the power while running, kW.
    public var basePower: Double
    /// VFD acceleration/deceleration ramp, %/s.
    public var ramp: Double
    /// Delay between a speed command and the start of the ramp, s.
    public var deadTime: Double

    public init(ratedAirflow: Double = 80, minimumSpeed: Double = 25, curveSpeed: [Double] = [],
                curveAirflow: [Double] = [], ratedPower: Double = 1.5, basePower: Double = 0.15,
                ramp: Double = 5, deadTime: Double = 0) {
        self.ratedAirflow = ratedAirflow
        self.minimumSpeed = minimumSpeed
        self.curveSpeed = curveSpeed
        self.curveAirflow = curveAirflow
        self.ratedPower = ratedPower
        self.basePower = basePower
        self.ramp = ramp
        self.deadTime = deadTime
    }

    enum CodingKeys: String, CodingKey {
        case ratedAirflow = "rated_airflow_nm3_per_h", minimumSpeed = "minimum_speed_pct"
        case curveSpeed = "curve_speed_pct", curveAirflow = "curve_airflow_nm3_per_h"
        case ratedPower = "rated_power_kw", basePower = "base_power_kw"
        case ramp = "ramp_pct_per_s", deadTime = "dead_time_s"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BlowerDescription()
        ratedAirflow = try c.decodeIfPresent(Double.self, forKey: .ratedAirflow) ?? d.ratedAirflow
        minimumSpeed = try c.decodeIfPresent(Double.self, forKey: .minimumSpeed) ?? d.minimumSpeed
        curveSpeed = try c.decodeIfPresent([Double].self, forKey: .curveSpeed) ?? []
        curveAirflow = try c.decodeIfPresent([Double].self, forKey: .curveAirflow) ?? []
        ratedPower = try c.decodeIfPresent(Double.self, forKey: .ratedPower) ?? d.ratedPower
        basePower = try c.decodeIfPresent(Double.self, forKey: .basePower) ?? d.basePower
        ramp = try c.decodeIfPresent(Double.self, forKey: .ramp) ?? d.ramp
        deadTime = try c.decodeIfPresent(Double.self, forKey: .deadTime) ?? d.deadTime
        guard curveSpeed.count == curveAirflow.count else {
            throw DecodingError.dataCorruptedError(forKey: .curveAirflow, in: c,
                debugDescription: "curve_speed_pct and curve_airflow_nm3_per_h differ in length")
        }
    }

    /// Airflow at `speed` %, Nm3/h: the curve (linear between its points, flat beyond them) or the
    /// affinity law; 0 below the minimum speed.
    public func airflow(atSpeed speed: Double) -> Double {
        guard speed >= minimumSpeed, speed > 0 else { return 0 }
        guard curveSpeed.count >= 2 else { return ratedAirflow * min(speed, 100) / 100 }
        if speed <= curveSpeed[0] { return curveAirflow[0] }
        for i in 1..<curveSpeed.count where speed <= curveSpeed[i] {
            let f = (speed - curveSpeed[i - 1]) / (curveSpeed[i] - curveSpeed[i - 1])
            return curveAirflow[i - 1] + f * (curveAirflow[i] - curveAirflow[i - 1])
        }
        return curveAirflow[curveAirflow.count - 1]
    }

    /// Electrical power at `speed` % while running, kW: base + (rated - base) (N/100)^3.
    public func power(atSpeed speed: Double) -> Double {
        let n = min(max(speed, 0), 100) / 100
        return basePower + (ratedPower - basePower) * n * n * n
    }
}
