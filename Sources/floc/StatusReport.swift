import Config
import FieldIO
import HAL

/// The status table `floc run` prints: every polled point and GPIO point (debounced, from the
/// point image) with value, unit, quality and age, then one line per bus.
struct StatusReport {
    let unit: UnitConfig
    let image: PointImage
    let clock: any MonotonicClock
    let started: MonotonicInstant

    init(unit: UnitConfig, image: PointImage, clock: any MonotonicClock) {
        self.unit = unit
        self.image = image
        self.clock = clock
        started = clock.now
    }

    func render(pollers: [BusPoller]) -> String {
        let now = clock.now
        let snapshot = image.snapshot(at: now)
        var table = TextTable("point", "value", "unit", "quality", "age")
        for device in unit.devices {
            for spec in device.profile.points where spec.access.canRead && spec.poll != .never {
                guard let sample = snapshot[PointImage.key(device: device.name, point: spec.name)] else { continue }
                let age = sample.quality == .notYetRead ? "-" : PointFormat.age((now - sample.time).seconds)
                table.add(["\(device.name).\(spec.name)", PointFormat.value(sample, spec: spec), spec.unit,
                           sample.quality.description, age])
            }
        }
        for config in unit.gpio {
            let key = PointImage.key(device: GPIOPoller.device, point: config.name)
            guard let sample = snapshot[key] else { continue }
            let age = sample.quality == .notYetRead ? "-" : PointFormat.age((now - sample.time).seconds)
            let level = sample.quality == .notYetRead ? "-" : (sample.value >= 0.5 ? "1" : "0")
            table.add([key, level, config.direction.rawValue, sample.quality.description, age])
        }
        var lines = ["status of \(unit.name) at +\(PointFormat.age((now - started).seconds))", table.rendered]
        for poller in pollers {
            let stats = poller.statistics
            let failures = stats.devices.values.reduce(0) { $0 + $1.failures }
            lines.append("bus \(poller.bus): \(stats.connected ? "connected" : "down"), \(stats.requestsSent) requests, "
                + "\(failures) failures, \(stats.reconnects) reconnects")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
