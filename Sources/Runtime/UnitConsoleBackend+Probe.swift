import Config
import Console
import FieldIO
import HAL

/// `probe <device>`: one read of every readable point, run by the device's bus poller between its
/// polls (one link, one thread, as libmodbus needs), awaited by the console session without blocking.
extension UnitConsoleBackend {
    /// Longest wait for a probe's answer: a dead device costs its retries on every request.
    static let probeTimeout = Duration.seconds(15)

    func probe(_ name: String) -> ConsoleReply {
        guard let device = unit.devices.first(where: { $0.name == name }) else { return .refused("no device named \(name)") }
        guard let poller = pollers.first(where: { $0.bus == device.bus }), let ticket = poller.requestProbe(device: name) else {
            return .refused("bus \(device.bus) of \(name) is not polled by this floc")
        }
        return .pending(ConsolePendingWork(DeviceProbeTask(ticket: ticket, clock: clock, deadline: clock.now + Self.probeTimeout)))
    }

    /// The probe's report as console lines: a heading, then one line a point.
    static func probeLines(_ device: DeviceConfig, _ report: ProbeReport) -> [String] {
        let heading = "probe \(device.name) (\(device.profile.id), unit \(device.address) on \(device.bus)): "
        if let failure = report.failure { return [heading + failure] }
        let failed = report.samples.filter { $0.1.quality != .good }.count
        return [heading + "\(report.requestsSent) requests, \(report.samples.count) points, \(failed) not good"]
            + report.samples.map { spec, sample in
                "  \(device.name).\(spec.name) \(number(sample.value))\(spec.unit.isEmpty ? "" : " " + spec.unit) \(sample.quality)"
            }
    }
}
