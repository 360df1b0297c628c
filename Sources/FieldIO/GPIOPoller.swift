import Config
import HAL
import Logging
import Synchronization

/// Scans a unit's GPIO points: debounced inputs into the ``PointImage``, outputs from the
/// image's desired values to the lines, and every output to its safe level on stop.
///
/// Keys are `gpio.<name>`; values are 1 (active) or 0. Lines are requested by the caller
/// (HALLinux's libgpiod backend, or a test double) so FieldIO stays free of C libraries.
public final class GPIOPoller: @unchecked Sendable {
    // @unchecked: lines and debouncers are touched only by the thread running `step()`.
    public static let device = "gpio"
    public let period: Duration
    let points: [GPIOPointConfig]
    let lines: [String: any DigitalLine]
    let image: PointImage
    let clock: any MonotonicClock
    let logger: Logger
    var debouncers: [String: Debouncer] = [:]
    var written: [String: Bool] = [:]
    let worker = WorkerThread(name: "floc-gpio")

    /// `lines` holds a requested line for every point, by point name. Outputs are
    /// assumed at their `initial` level (the backend requests them so).
    public init(points: [GPIOPointConfig], lines: [String: any DigitalLine], image: PointImage,
                clock: any MonotonicClock, logger: Logger, period: Duration = .milliseconds(10)) {
        self.points = points
        self.lines = lines
        self.image = image
        self.clock = clock
        self.logger = logger
        self.period = period
        let now = clock.now
        for point in points {
            let key = PointImage.key(device: Self.device, point: point.name)
            image.register(key, staleAfter: point.direction == .input ? .seconds(1) : nil, at: now)
            if point.direction == .input {
                debouncers[point.name] = Debouncer(hold: .nanoseconds(Int64(point.debounce * 1e9)))
            } else {
                written[point.name] = point.initial
                image.update([key: PointSample(value: point.initial ? 1 : 0, quality: .good, time: now)])
            }
        }
    }

    /// Reads every input and writes every output whose desired level changed.
    public func step() {
        let now = clock.now
        var samples: [String: PointSample] = [:]
        for point in points {
            guard let line = lines[point.name] else { continue }
            let key = PointImage.key(device: Self.device, point: point.name)
            do {
                switch point.direction {
                case .input:
                    let level = debouncers[point.name, default: Debouncer(hold: .zero)].update(raw: try line.read(), at: now)
                    samples[key] = PointSample(value: level ? 1 : 0, quality: .good, time: now)
                case .output:
                    let outputs = image.desired([key], at: now)
                    if !outputs.expired.isEmpty {
                        logger.error("gpio \(point.name): output not refreshed within its maximum age: driving its safe level")
                    }
                    guard let desired = outputs.values[key] else { continue }
                    let level = desired >= 0.5
                    guard level != written[point.name] else { continue }
                    try line.write(level)
                    written[point.name] = level
                    samples[key] = PointSample(value: level ? 1 : 0, quality: .good, time: now)
                }
            } catch {
                logger.warning("gpio \(point.name): \(error)")
                image.fail([key], quality: .commFail, at: now)
            }
        }
        if !samples.isEmpty { image.update(samples) }
    }

    /// Drives every output to its safe level (stop, SIGTERM, a failed scan).
    public func driveSafe() {
        let now = clock.now
        for point in points where point.direction == .output {
            guard let line = lines[point.name] else { continue }
            do {
                try line.write(point.safe)
                written[point.name] = point.safe
                image.update([PointImage.key(device: Self.device, point: point.name):
                    PointSample(value: point.safe ? 1 : 0, quality: .good, time: now)])
            } catch {
                logger.error("gpio \(point.name): cannot drive safe level: \(error)")
            }
        }
    }

    /// Scans on a dedicated thread every `period` until `stop()`.
    public func start() {
        worker.start(clock: clock, maxSleep: period, step: { [self] in step() },
                     nextDeadline: { [self] in clock.now + period }, onStop: {})
    }

    /// Stops scanning, drives outputs safe and releases every line.
    public func stop() {
        worker.stop()
        driveSafe()
        for line in lines.values { line.release() }
    }
}
