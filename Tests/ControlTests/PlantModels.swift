import Control
import Foundation

/// Test plants, stepped with the output held over each step (zero-order hold), as the scan does.

/// First order plus dead time, G(s) = K e^{-Ls} / (T s + 1), discretized exactly for a held input.
struct FirstOrderDeadTimePlant {
    let gain: Double, timeConstant: Double, deadTime: Double, dt: Double
    private(set) var pv: Double
    private var delayed: [Double]

    init(gain: Double, timeConstant: Double, deadTime: Double, dt: Double, initialOutput: Double = 0) {
        self.gain = gain
        self.timeConstant = timeConstant
        self.deadTime = deadTime
        self.dt = dt
        pv = gain * initialOutput
        delayed = Array(repeating: initialOutput, count: Int((deadTime / dt).rounded()))
    }

    /// Applies `output` for one step (plus `disturbance` at the plant input) and returns the new PV.
    mutating func step(output: Double, disturbance: Double = 0) -> Double {
        delayed.append(output + disturbance)
        let input = delayed.removeFirst()
        pv += (1 - exp(-dt / timeConstant)) * (gain * input - pv)
        return pv
    }

    /// The analytic ultimate point: ω solves ω T = tan(π − ω L); Ku = sqrt(1 + (ωT)²)/|K|.
    var ultimatePoint: (gain: Double, period: Double) {
        // Phase −ωL − atan(ωT) falls monotonically through −π on (π/(2L), π/L): bisection.
        var low = Double.pi / (2 * deadTime), high = Double.pi / deadTime
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if -mid * deadTime - atan(mid * timeConstant) > -Double.pi { low = mid } else { high = mid }
        }
        let omega = (low + high) / 2
        let wt = omega * timeConstant
        return ((1 + wt * wt).squareRoot() / abs(gain), 2 * Double.pi / omega)
    }
}

/// Integrating plant with dead time, G(s) = k e^{-Ls} / s (a level, or DO with no uptake).
struct IntegratingPlant {
    let gain: Double, dt: Double
    private(set) var pv: Double = 0
    private var delayed: [Double]

    init(gain: Double, deadTime: Double, dt: Double) {
        self.gain = gain
        self.dt = dt
        delayed = Array(repeating: 0, count: Int((deadTime / dt).rounded()))
    }

    mutating func step(output: Double, disturbance: Double = 0) -> Double {
        delayed.append(output + disturbance)
        pv += gain * delayed.removeFirst() * dt
        return pv
    }
}

func good(_ value: Double) -> Sample { Sample(value: value, quality: .good, time: 0) }
func bad(_ value: Double = .nan) -> Sample { Sample(value: value, quality: .bad, time: 0) }

/// A PID with wide limits and no integral or derivative unless given.
func makePID(
    _ gains: PIDGains, action: PIDAction = .reverse, limits: ClosedRange<Double> = -1000...1000,
    output: Double? = nil, configure: (inout PIDParameters) -> Void = { _ in }
) throws -> PIDController {
    var parameters = PIDParameters(gains: gains, action: action, outputLimits: limits)
    configure(&parameters)
    return try PIDController(parameters: parameters, output: output)
}

/// A textbook PI with no anti-windup: the integral keeps summing while the output is clamped.
struct NaivePI {
    var kc: Double, ti: Double, limits: ClosedRange<Double>
    var integral = 0.0

    mutating func update(error e: Double, dt: Double) -> Double {
        integral += kc * dt / ti * e
        return min(max(kc * e + integral, limits.lowerBound), limits.upperBound)
    }
}
