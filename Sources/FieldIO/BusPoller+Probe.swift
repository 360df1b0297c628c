import Config
import HAL
import Logging

extension BusPoller {
    /// Asks for one read of every readable point of `device` (whatever its poll class), run on the
    /// bus thread before its next device cycle, over the poller's own link: no second connection
    /// competes with polling. Nil when the device is not on this bus.
    public func requestProbe(device name: String) -> ProbeTicket? {
        guard let schedule = schedules.first(where: { $0.name == name }) else { return nil }
        let ticket = ProbeTicket(device: schedule.device)
        probes.withLock { $0.append(ticket) }
        return ticket
    }

    /// Runs the probes asked for since the last step (bus thread).
    func runProbes() {
        let due = probes.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
        for ticket in due {
            guard link.isConnected else {
                ticket.fulfil(ProbeReport(samples: [], requestsSent: 0, failure: "bus \(bus) is down"))
                continue
            }
            var probe = DeviceProbe(link: link, device: ticket.device, clock: clock, logger: logger)
            let samples = probe.readAll()
            ticket.fulfil(ProbeReport(samples: samples, requestsSent: probe.requestsSent, failure: nil))
        }
    }
}
