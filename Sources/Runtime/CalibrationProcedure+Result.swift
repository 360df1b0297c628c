import Console
import Control
import Foundation

/// The result of a guided calibration: computed by the Control calibration maths, checked against
/// its limits, and described for the console.
extension CalibrationProcedure {
    /// What `accept` stores.
    public enum Outcome: Sendable, Equatable {
        case ph(PHCalibration)
        case dissolvedOxygen(DOCalibration)

        /// Why the limits refuse it; empty when accepted.
        public var rejections: [CalibrationRejection] {
            switch self {
            case .ph(let calibration): calibration.rejections
            case .dissolvedOxygen(let calibration): calibration.rejections
            }
        }
    }

    /// The calibration from the points so far, or why there is none yet. With three buffers the two
    /// outermost set slope and offset (the middle one shows in `status` as a check).
    public var outcome: Result<Outcome, NotEnoughPoints> {
        switch kind {
        case .ph:
            let sorted = buffers.sorted { $0.reading.bufferPH < $1.reading.bufferPH }
            guard let low = sorted.first, let high = sorted.last, sorted.count >= 2 else {
                return .failure(NotEnoughPoints(reason: "two buffers are needed, \(buffers.count) recorded"))
            }
            return .success(.ph(PHCalibration.twoPoint(low.reading, high.reading)))
        case .do:
            guard let air else { return .failure(NotEnoughPoints(reason: "the air point is needed (point <kPa>)")) }
            return .success(.dissolvedOxygen(DOCalibration.twoPoint(zeroReading: zero ?? 0, air: air)))
        }
    }

    /// The record the scan stores for an accepted outcome, made by `user` at `time` (UTC seconds).
    public func record(_ outcome: Outcome, by user: String, time: Double) -> CalibrationRecord {
        switch outcome {
        case .ph(let calibration):
            return CalibrationRecord(calibration, time: time, by: user, points: buffers.map(\.reading.bufferPH))
        case .dissolvedOxygen(let calibration):
            return CalibrationRecord(calibration, time: time, by: user, points: [0] + (air.map { [$0.expected] } ?? []))
        }
    }

    /// Why no calibration can be computed yet.
    public struct NotEnoughPoints: Error, Equatable {
        public var reason: String
    }

    /// `status`: the points, then slope and offset (pH) or zero and span (DO) and the verdict.
    public var statusLines: [String] {
        var lines = ["calibrate \(kind.rawValue) \(instrument) by \(owner)"]
        switch kind {
        case .ph:
            lines += buffers.map { "  " + pointName($0.nominal) + ": " + Self.describe($0) }
            if buffers.isEmpty { lines.append("  no buffers yet: put the probe in a buffer, then point <buffer pH>") }
        case .do:
            lines.append("  zero: " + (zero.map { String(format: "%.2f mg/L", $0) } ?? "not taken (0 assumed)"))
            lines.append("  air point: " + (air.map {
                String(format: "%.2f mg/L at %.1f °C, %.1f kPa (saturation %.2f mg/L)", $0.reading, $0.celsius, $0.pressure, $0.expected)
            } ?? "not taken"))
        }
        if let measuring { lines.append("  waiting for a stable reading: " + pointName(measuring.value)) }
        switch outcome {
        case .failure(let missing): lines.append("  " + missing.reason)
        case .success(let outcome): lines.append("  " + Self.summary(outcome))
        }
        return lines
    }

    /// `slope 98.6 % of Nernst, offset -1.0 mV: within limits` or `...: outside limits: slope ...`.
    static func summary(_ outcome: Outcome) -> String {
        let values = switch outcome {
        case .ph(let c): String(format: "slope %.1f %% of Nernst, offset %.1f mV", c.slopePercent, c.offsetMillivolts)
        case .dissolvedOxygen(let c): String(format: "zero %.2f mg/L, span %.1f %%, gain %.3f", c.zero, c.spanPercent, c.gain)
        }
        let rejections = outcome.rejections
        return values + (rejections.isEmpty ? ": within limits" : ": outside limits: " + rejections.map(describe).joined(separator: "; "))
    }

    /// A rejection in the words the technician needs: which limit, by how much.
    static func describe(_ rejection: CalibrationRejection) -> String {
        func range(_ r: ClosedRange<Double>) -> String { String(format: "%g...%g", r.lowerBound, r.upperBound) }
        return switch rejection {
        case .invalidReading: "a reading is not a number"
        case let .pointsTooClose(span, minimum): String(format: "points %.2f apart, need at least %.2f", span, minimum)
        case let .slopeOutOfLimits(percent, allowed): String(format: "slope %.1f %% outside ", percent) + range(allowed) + " %"
        case let .offsetOutOfLimits(mv, allowed): String(format: "offset %.1f mV beyond ±%g mV", mv, allowed)
        case let .zeroOutOfLimits(reading, allowed): String(format: "zero %.2f mg/L beyond ±%g mg/L", reading, allowed)
        case let .spanOutOfLimits(percent, allowed): String(format: "span %.1f %% outside ", percent) + range(allowed) + " %"
        case let .temperatureOutOfRange(celsius, allowed): String(format: "temperature %.1f °C outside ", celsius) + range(allowed) + " °C"
        }
    }
}
