import Foundation

/// An instrument wrapped around one true signal: first-order lag, fouling (a growing lag
/// and a falling gain), calibration error, drift, Gaussian noise and a range clamp, in that
/// order, as the BSM1 sensor classes (Rieger et al. 2003, in Alex et al. 2008, sec. 6) plus
/// the ageing a field probe shows between cleanings.
///
/// Pure and clock-driven: `update(trueValue:after:)` advances it by a time step. Reproducible:
/// the noise comes from a `SeededGenerator`.
public struct SensorModel: Sendable {
    public var description: SensorDescription
    /// The lagged true value (before gain, drift and noise); nil until the first update.
    public private(set) var lagged: Double?
    /// Time since the last calibration/cleaning, s: drives drift and fouling.
    public private(set) var age: Double = 0
    /// The last reading, in the signal's unit (nil until the first update).
    public private(set) var reading: Double?
    private var generator: SeededGenerator

    public init(_ description: SensorDescription, generator: SeededGenerator) {
        self.description = description
        self.generator = generator
    }

    /// Time constant of the lag now, s (T90 / ln 10, grown by fouling).
    public var timeConstant: Double {
        (description.t90 + description.foulingLagPerDay * age / 86_400) / log(10)
    }

    /// The gain now: calibration gain less the fouling loss, never negative.
    public var gain: Double {
        description.gain * max(0, 1 - description.foulingGainLossPerDay * age / 86_400)
    }

    /// Advances the instrument by `seconds` (>= 0) with `trueValue` held over the step and returns
    /// the new reading. The first call starts the lag at `trueValue` (a probe installed long ago).
    @discardableResult
    public mutating func update(trueValue: Double, after seconds: Double) -> Double {
        age += max(seconds, 0)
        let tau = timeConstant
        if let previous = lagged, tau > 0 {
            // Exact for a value held over the step, so the answer does not depend on the step size.
            lagged = previous + (1 - exp(-max(seconds, 0) / tau)) * (trueValue - previous)
        } else {
            lagged = trueValue
        }
        var value = gain * lagged! + description.offset + description.drift * age / 86_400
        if description.noise > 0 { value += description.noise * generator.nextNormal() }
        value = min(max(value, description.minimum), description.maximum)
        reading = value
        return value
    }

    /// A cleaning and calibration: fouling and drift restart from zero.
    public mutating func recalibrate() {
        age = 0
    }
}
