import Config
import HAL
import Logging

/// One-off access to one device, for `floc probe` and `floc write`: no schedule, no
/// back-off, every failure reported.
public struct DeviceProbe {
    private var channel: DeviceChannel
    private let logger: Logger

    /// The link must be connected by the caller (it may be shared with nothing else meanwhile).
    public init(link: any ModbusLink, device: DeviceConfig, clock: any MonotonicClock, logger: Logger) {
        channel = DeviceChannel(device: device, link: link, clock: clock)
        self.logger = logger
    }

    /// Requests sent so far, retries included.
    public var requestsSent: Int { channel.sent }

    /// Reads every readable point of the device once (whatever its poll class), batched
    /// as the poller would. Points of a failed request carry the failure's quality.
    public mutating func readAll() -> [(PointSpec, PointSample)] {
        let device = channel.device
        let requests = RequestPlanner.plan(device.profile.points, profile: device.profile)
        var results: [(PointSpec, PointSample)] = []
        for request in requests {
            do {
                results += zip(request.points, try channel.read(request)).map { ($0, $1) }
            } catch {
                logger.warning("probe request failed", metadata: [
                    "device": "\(device.name)", "error": "\(error.description)",
                ])
                let failed = PointSample(value: .nan, quality: PointQuality(failure: error), time: channel.clock.now)
                results += request.points.map { ($0, failed) }
            }
        }
        return results
    }

    /// Encodes `value` (engineering units) for the point named `point`, writes it and
    /// reads it back. Fails with ``WriteError`` for an unknown or read-only point, a
    /// value that does not fit, or a request that fails.
    public mutating func writePoint(_ point: String, value: Double) throws(WriteError) -> WriteResult {
        guard let spec = channel.device.profile.point(named: point) else { throw .notWritable(point: point) }
        let result = try channel.write(spec, value: value, verify: true)
        if !result.verified {
            logger.warning("write not verified", metadata: [
                "device": "\(channel.device.name)", "point": "\(point)",
                "written": "\(result.written)", "read_back": "\(result.readBack.map { "\($0)" } ?? "nothing")",
            ])
        }
        return result
    }
}
