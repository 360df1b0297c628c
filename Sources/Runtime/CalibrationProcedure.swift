import Console
import Control
import Foundation

/// One guided calibration of one instrument, point by point: a pH probe in buffers, a DO probe in a
/// zero solution and in air. A point is recorded once the raw reading is stable
/// (`CalibrationStabilityDetector`); the result is computed and checked against the limits by the
/// Control calibration maths. Pure: its owner feeds it samples and time, and keeps it behind a lock.
public struct CalibrationProcedure: Sendable {
    public let kind: ConsoleCalibrationKind
    public let instrument: String
    /// The console user who started it; only they (or an engineer) may go on with it.
    public let owner: String
    /// Image key of the raw, uncalibrated reading (`ph1.ph_mv`, mV; `do1.oxygen`, mg/L).
    public let rawKey: String
    /// Image key of the probe's temperature (°C), if it has one.
    public let temperatureKey: String?
    /// Key of the value the calibration corrects (`ph1.ph`, `do1.oxygen`).
    public let calibratedKey: String
    /// Whether the start put `calibratedKey` on maintenance hold (released on accept or cancel).
    public var held = false
    public let settings: Settings

    /// pH: buffer readings, in the order taken (one per buffer: a buffer taken again replaces it).
    public private(set) var buffers: [PHPoint] = []
    /// DO: the zero reading (mg/L) and the air point.
    public private(set) var zero: Double?
    public private(set) var air: DOAirReading?
    /// The point being waited for, if any.
    public private(set) var measuring: Measuring?

    /// How stable a reading must be, and how long to wait for it.
    public struct Settings: Sendable, Equatable {
        /// Stability window, hold time and timeout, seconds.
        public var window: Double
        public var holdTime: Double
        public var timeout: Double
        /// Largest spread over the window: mV for pH, mg/L for DO.
        public var maxSpread: Double

        public init(window: Double, holdTime: Double, timeout: Double, maxSpread: Double) {
            self.window = window
            self.holdTime = holdTime
            self.timeout = timeout
            self.maxSpread = maxSpread
        }

        /// 0.5 mV over 5 s, held 3 s: about 0.01 pH, the resolution a field calibration can trust.
        public static let ph = Settings(window: 5, holdTime: 3, timeout: 300, maxSpread: 0.5)
        /// 0.05 mg/L over 5 s, held 3 s.
        public static let dissolvedOxygen = Settings(window: 5, holdTime: 3, timeout: 300, maxSpread: 0.05)
    }

    /// One recorded pH buffer: what was typed, and the reading.
    public struct PHPoint: Sendable, Equatable {
        /// The buffer as typed (pH at 25 °C, as printed on the bottle).
        public var nominal: Double
        /// Buffer pH at the measured temperature, electrode mV, °C.
        public var reading: PHBufferReading
        /// False when the probe has no temperature and 25 °C was assumed.
        public var temperatureMeasured: Bool
    }

    /// A point being waited for.
    public struct Measuring: Sendable {
        /// pH: the buffer; DO: 0 for the zero, the barometric pressure (kPa) for the air point.
        public var value: Double
        /// Monotonic seconds when the wait began.
        public var started: Double
        var detector: CalibrationStabilityDetector
        var last: CalibrationStability?
        var lastRaw: Double?
    }

    /// Barometric pressures accepted for the DO air point, kPa (sea level to about 5000 m and back).
    public static let pressureRange = 50.0...110.0
    /// pH buffers accepted.
    public static let bufferRange = 0.0...14.0
    /// Most pH buffers one calibration takes.
    public static let maximumBuffers = 3

    public init(kind: ConsoleCalibrationKind, instrument: String, owner: String, rawKey: String,
                temperatureKey: String?, calibratedKey: String, settings: Settings? = nil) {
        self.calibratedKey = calibratedKey
        self.kind = kind
        self.instrument = instrument
        self.owner = owner
        self.rawKey = rawKey
        self.temperatureKey = temperatureKey
        self.settings = settings ?? (kind == .ph ? .ph : .dissolvedOxygen)
    }

    /// Starts waiting for a stable reading for `value` (see `Measuring.value`); returns why not, if refused.
    public mutating func beginPoint(_ value: Double, at now: Double) -> String? {
        switch kind {
        case .ph:
            guard Self.bufferRange.contains(value) else { return "a pH buffer must lie within 0...14" }
            let replaces = buffers.contains { abs($0.nominal - value) < 0.5 }
            guard replaces || buffers.count < Self.maximumBuffers else {
                return "\(instrument) has \(Self.maximumBuffers) buffers already: accept, or cancel and start again"
            }
        case .do:
            guard value == 0 || Self.pressureRange.contains(value) else {
                return "a DO point is 0 (probe in zero solution) or the barometric pressure in kPa, 50...110 (probe in air)"
            }
        }
        measuring = Measuring(value: value, started: now,
                              detector: CalibrationStabilityDetector(window: settings.window, maxSpread: settings.maxSpread,
                                                                     holdTime: settings.holdTime))
        return nil
    }

    /// Abandons the point being waited for.
    public mutating func cancelPoint() { measuring = nil }

    /// What feeding one sample did.
    public enum PointProgress: Sendable, Equatable {
        case waiting(String)
        case recorded(String)
        case failed(String)
    }

    /// Feeds the latest raw reading and temperature (monotonic seconds in the samples) at `now`.
    public mutating func observe(raw: Sample, temperature: Sample?, now: Double) -> PointProgress {
        guard var current = measuring else { return .failed("no point is being measured") }
        let stability = current.detector.update(raw)
        current.last = stability
        if raw.isUsable { current.lastRaw = raw.value }
        measuring = current
        let what = pointName(current.value)
        if stability.isStable, let value = current.lastRaw {
            let celsius = temperature.flatMap { $0.isUsable ? $0.value : nil }
            return record(current.value, raw: value, celsius: celsius)
        }
        if now - current.started >= settings.timeout {
            measuring = nil
            let spread = stability.spread.map { ", spread \(format(kindValue: $0))" } ?? ""
            return .failed("\(instrument): \(what) not stable within \(Int(settings.timeout)) s\(spread); not recorded")
        }
        guard raw.isUsable else { return .waiting("\(instrument): \(what): waiting for a good reading (\(raw.quality))") }
        let spread = stability.spread.map { "spread \(format(kindValue: $0))" } ?? "filling \(Int(settings.window)) s window"
        return .waiting("\(instrument): \(what): \(format(kindValue: raw.value)), \(spread), stable "
            + String(format: "%.0f of %.0f s", min(stability.stableFor, settings.holdTime), settings.holdTime)
            + " (any key cancels)")
    }

    private mutating func record(_ value: Double, raw: Double, celsius: Double?) -> PointProgress {
        measuring = nil
        let what = pointName(value)
        switch kind {
        case .ph:
            let temperature = celsius ?? 25
            let reading = Self.buffer(nominal: value)?.reading(millivolts: raw, celsius: temperature)
                ?? PHBufferReading(bufferPH: value, millivolts: raw, celsius: temperature)
            buffers.removeAll { abs($0.nominal - value) < 0.5 }
            buffers.append(PHPoint(nominal: value, reading: reading, temperatureMeasured: celsius != nil))
            return .recorded("\(instrument): \(what) recorded: " + Self.describe(buffers[buffers.count - 1]))
        case .do:
            if value == 0 {
                zero = raw
                return .recorded("\(instrument): zero recorded: " + String(format: "%.2f mg/L", raw))
            }
            guard let celsius else {
                return .failed("\(instrument): no usable temperature: the air point needs it; not recorded")
            }
            let reading = DOAirReading(reading: raw, celsius: celsius, pressure: value)
            air = reading
            return .recorded("\(instrument): air point recorded: " + String(format: "%.2f mg/L at %.1f °C, %.1f kPa (saturation %.2f mg/L)",
                                                                            raw, celsius, value, reading.expected))
        }
    }

    /// The technical buffer a typed value names (4, 7, 10 within 0.05), whose table corrects for temperature.
    static func buffer(nominal: Double) -> PHBuffer? {
        [PHBuffer.technical4, .technical7, .technical10].first { abs($0.nominal - nominal) <= 0.05 }
    }

    func pointName(_ value: Double) -> String {
        switch kind {
        case .ph: String(format: "buffer %.2f", value)
        case .do: value == 0 ? "zero" : "air point"
        }
    }

    /// A reading in the raw unit of this kind: `-171.2 mV`, `8.95 mg/L`.
    func format(kindValue value: Double) -> String {
        kind == .ph ? String(format: "%.1f mV", value) : String(format: "%.2f mg/L", value)
    }

    static func describe(_ point: PHPoint) -> String {
        let r = point.reading
        return String(format: "%.1f mV at %.1f °C", r.millivolts, r.celsius) + (point.temperatureMeasured ? "" : " (assumed)")
            + String(format: " (buffer pH %.2f)", r.bufferPH)
    }
}
