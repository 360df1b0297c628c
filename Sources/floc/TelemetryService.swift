import Config
import Console
import FieldIO
import HAL
import Logging
import Runtime
import UnitTelemetry

/// The uplinks of `floc run` (`[uplinks.*]` in the unit file). Built before the scan starts, so a
/// bad queue file or secret stops `floc run` at once; started after the scan, stopped before it
/// (NDEATH goes out while the unit is still up).
final class TelemetryService {
    private let sparkplug: UnitSparkplugService?
    private let hj212: UnitHJ212Service?
    private let logger: Logger

    /// Nil when the unit has no uplinks. Throws for an unusable queue, an exposed or unreadable
    /// secret file, or a deadband naming no metric.
    init?(unit: UnitConfig, image: PointImage, clock: any MonotonicClock, engine: ScanEngine<UnitProgram>?,
          logger: Logger) throws {
        guard unit.uplinks.sparkplug != nil || unit.uplinks.hj212 != nil else { return nil }
        if let config = unit.uplinks.sparkplug {
            _ = try UnitSparkplugService.options(config)
            sparkplug = try UnitSparkplugService(unit: unit, config: config, image: image, clock: clock, engine: engine,
                                                 audit: LoggerAuditLog(logger: Logger(label: "floc.audit")), logger: logger)
        } else {
            sparkplug = nil
        }
        // One queue file for both uplinks: HJ 212 records go under their own uplink name.
        let queuePath = unit.uplinks.sparkplug?.queue.path ?? UplinkQueueConfig().path
        hj212 = try unit.uplinks.hj212.map {
            try UnitHJ212Service(unit: unit, config: $0, queuePath: queuePath, image: image, clock: clock, engine: engine, logger: logger)
        }
        self.logger = logger
    }

    /// Starts sampling and connecting; a broker that is down is retried in the background.
    func start() {
        hj212?.start()
        do {
            try sparkplug?.start()
        } catch {
            logger.error("sparkplug uplink not started: \(error)")
        }
    }

    /// NDEATH and disconnect; unacknowledged samples stay queued for the next run.
    func stop() {
        sparkplug?.stop()
        hj212?.stop()
    }
}
