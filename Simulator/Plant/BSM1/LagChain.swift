import Foundation

/// `order` equal first-order lags in series, specified by their T90 (time to 90 % of a step):
/// the BSM1 sensor and actuator dynamics (Alex et al. 2008, section 3.3; Rieger et al. 2003
/// sensor classes). Class A DO sensor: order 2, T90 1 min; class B0 nitrate sensor: order 8,
/// T90 10 min; KLa actuator: order 2, T90 4 min. A first-order lag is order 1 with T90 = 2.303 T.
public struct LagChain: Sendable, Equatable {
    /// Number of lags in series (states).
    public let order: Int
    /// Time constant of each lag, days.
    public let timeConstant: Double

    /// A chain whose step response reaches 90 % at `t90` (days).
    public init(order: Int, t90: Double) {
        self.init(order: order, timeConstant: t90 / Self.t90Factor(order: order))
    }

    /// A chain of `order` lags with time constant `timeConstant` (days, > 0).
    public init(order: Int, timeConstant: Double) {
        precondition(order >= 1 && timeConstant > 0, "a lag chain needs at least one lag and T > 0")
        self.order = order
        self.timeConstant = timeConstant
    }

    /// T90 / T for `order` equal lags: the x with 1 - e^-x sum_{k<order} x^k/k! = 0.9
    /// (3.8897 for two lags, 11.7709 for eight; the reference rounds them to 3.89 and 11.7724).
    public static func t90Factor(order: Int) -> Double {
        var low = 0.0, high = 10.0 * Double(order) + 10
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if stepResponse(order: order, at: middle) < 0.9 { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Unit step response of `order` lags with T = 1 at time x.
    static func stepResponse(order: Int, at x: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<max(order, 1) {
            term *= x / Double(k)
            sum += term
        }
        return 1 - exp(-x) * sum
    }

    /// Unit step response at `time` (days) from rest.
    public func stepResponse(at time: Double) -> Double { Self.stepResponse(order: order, at: time / timeConstant) }

    /// Writes the derivatives of the chain's states (at `states`, last = output) driven by `input`.
    @inline(__always)
    func writeDerivatives(input: Double, states: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>) {
        var previous = input
        for i in 0..<order {
            dydt[i] = (previous - states[i]) / timeConstant
            previous = states[i]
        }
    }
}

/// A BSM1 sensor: a `LagChain`, additive noise scaled from a standard-normal sequence, and a
/// measuring range the reading is clipped to (Alex et al. 2008, sensor classes A and B0).
public struct BenchmarkSensor: Sendable, Equatable {
    public let lag: LagChain
    /// Measuring range, g/m3; readings are clipped to it.
    public let range: ClosedRange<Double>
    /// Standard deviation of the noise, g/m3 (BSM1: 2.5 % of the range).
    public let noiseStandardDeviation: Double

    public init(lag: LagChain, range: ClosedRange<Double>, noiseStandardDeviation: Double) {
        self.lag = lag
        self.range = range
        self.noiseStandardDeviation = noiseStandardDeviation
    }

    /// The reading for the lagged true value `filtered` and a standard-normal `noise` sample.
    public func reading(filtered: Double, noise: Double) -> Double {
        min(max(filtered + noiseStandardDeviation * noise, range.lowerBound), range.upperBound)
    }

    // The reference's sensorinit.m divides T90 by the rounded factors 3.89 and 11.7724 (the exact
    // ones are 3.8897 and 11.7709); its time constants are used so the signals match it.

    /// Class A DO sensor: T90 1 min, two lags, 0-10 g/m3, noise 0.25 g/m3.
    public static let bsm1Oxygen = BenchmarkSensor(lag: LagChain(order: 2, timeConstant: 1.0 / 1440 / 3.89), range: 0...10,
                                                   noiseStandardDeviation: 0.25)
    /// Class B0 nitrate sensor: T90 10 min, eight lags, 0-20 g N/m3, noise 0.5 g N/m3.
    public static let bsm1Nitrate = BenchmarkSensor(lag: LagChain(order: 8, timeConstant: 10.0 / 1440 / 11.7724), range: 0...20,
                                                    noiseStandardDeviation: 0.5)
}
