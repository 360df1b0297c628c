import Config
import FieldIO
import Foundation
import HAL
import Runtime

/// What `floc status --json` prints: the running daemon's latest snapshot.
struct StatusDocument: Codable, Equatable {
    struct Loop: Codable, Equatable {
        var name: String
        var sp: Double
        var pv: Double?
        var out: Double
        var mode: String
        var safe_because: String?
        /// Cascade: where the remote setpoint comes from, and a word on the mode (held, tracking).
        var setpoint_source: String? = nil
        var mode_detail: String? = nil
    }

    struct Alarm: Codable, Equatable {
        var name: String
        var state: String
        var priority: String
        var message: String
    }

    struct Point: Codable, Equatable {
        var name: String
        var value: Double?
        var unit: String
        var quality: String
    }

    struct Cycle: Codable, Equatable {
        var period_ms: Double
        var cycles: UInt64
        var p50_lateness_us: Double
        var p99_lateness_us: Double
        var max_lateness_us: Double
        var overruns: UInt64
    }

    var unit: String
    /// Wall-clock time of the snapshot, ms since 1970 UTC (to tell a stale file).
    var written_ms: Int64
    var loops: [Loop]
    var alarms: [Alarm]
    var points: [Point]
    var cycle: Cycle?

    /// Builds the document from the point image, the pollers' profiles and the scan's snapshot.
    static func make(unit: UnitConfig, image: PointImage, clock: any MonotonicClock,
                     scan: ScanSnapshot<UnitSnapshot>?, period: Double, lateness: LatenessWindow?) -> StatusDocument {
        let samples = image.snapshot(at: clock.now)
        var points: [Point] = []
        for device in unit.devices {
            for spec in device.profile.points where spec.access.canRead && spec.poll != .never {
                let key = PointImage.key(device: device.name, point: spec.name)
                guard let sample = samples[key] else { continue }
                let known = sample.quality != .notYetRead && sample.value.isFinite
                points.append(Point(name: key, value: known ? sample.value : nil, unit: spec.unit,
                                    quality: sample.quality.description))
            }
        }
        for gpio in unit.gpio {
            let key = PointImage.key(device: GPIOPoller.device, point: gpio.name)
            guard let sample = samples[key] else { continue }
            points.append(Point(name: key, value: sample.quality == .notYetRead ? nil : sample.value, unit: "",
                                quality: sample.quality.description))
        }
        let program = scan?.program
        let loops = program?.loops.map {
            Loop(name: $0.name, sp: $0.setpoint, pv: $0.pv, out: $0.output, mode: $0.mode.rawValue, safe_because: $0.safeBecause,
                 setpoint_source: $0.setpointSource, mode_detail: $0.modeDetail)
        } ?? []
        let alarms = program?.alarms.map {
            Alarm(name: $0.id, state: "\($0.state)", priority: "\($0.priority)", message: $0.message)
        } ?? []
        let cycle = scan.map { snapshot in
            let window = lateness?.percentiles() ?? (p50: 0, p99: 0, max: 0)
            return Cycle(period_ms: period * 1000, cycles: snapshot.statistics.cycles, p50_lateness_us: window.p50,
                         p99_lateness_us: window.p99, max_lateness_us: snapshot.statistics.maxLateness.seconds * 1e6,
                         overruns: snapshot.statistics.overruns)
        }
        return StatusDocument(unit: unit.name, written_ms: Int64(Date().timeIntervalSince1970 * 1000), loops: loops,
                              alarms: alarms, points: points, cycle: cycle)
    }
}
