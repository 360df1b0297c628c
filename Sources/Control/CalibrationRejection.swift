/// Why a calibration was refused. The instrument keeps its previous calibration.
public enum CalibrationRejection: Sendable, Equatable, CustomStringConvertible {
    /// A reading was NaN or infinite, or a temperature or pressure was not physical.
    case invalidReading
    /// Buffers (pH) or zero and span (DO) too close together to compute a slope.
    case pointsTooClose(span: Double, minimum: Double)
    /// Electrode slope in percent of the Nernst slope, and the accepted range.
    case slopeOutOfLimits(percent: Double, allowed: ClosedRange<Double>)
    /// Electrode potential at pH 7 in mV, and the accepted magnitude.
    case offsetOutOfLimits(millivolts: Double, allowed: Double)
    /// Zero reading (instrument units) and the accepted magnitude.
    case zeroOutOfLimits(reading: Double, allowed: Double)
    /// Span sensitivity in percent of the expected reading, and the accepted range.
    case spanOutOfLimits(percent: Double, allowed: ClosedRange<Double>)
    /// Calibration temperature (°C) outside the range the physics is fitted for.
    case temperatureOutOfRange(celsius: Double, allowed: ClosedRange<Double>)

    public var description: String {
        switch self {
        case .invalidReading: "invalid reading"
        case let .pointsTooClose(span, minimum): "points \(span) apart, need at least \(minimum)"
        case let .slopeOutOfLimits(percent, allowed): "slope \(percent) % outside \(allowed) %"
        case let .offsetOutOfLimits(mv, allowed): "offset \(mv) mV beyond ±\(allowed) mV"
        case let .zeroOutOfLimits(reading, allowed): "zero reading \(reading) beyond ±\(allowed)"
        case let .spanOutOfLimits(percent, allowed): "span \(percent) % outside \(allowed) %"
        case let .temperatureOutOfRange(celsius, allowed): "temperature \(celsius) °C outside \(allowed) °C"
        }
    }
}
