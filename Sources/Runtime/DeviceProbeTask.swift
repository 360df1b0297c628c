import Console
import FieldIO
import HAL

/// Waits for a bus poller to run a one-shot probe; gives up at `deadline`.
final class DeviceProbeTask: ConsolePendingTask {
    let ticket: ProbeTicket
    let clock: any MonotonicClock
    let deadline: MonotonicInstant

    init(ticket: ProbeTicket, clock: any MonotonicClock, deadline: MonotonicInstant) {
        self.ticket = ticket
        self.clock = clock
        self.deadline = deadline
    }

    func poll() -> ConsoleProgress {
        let device = ticket.device
        if let report = ticket.report { return .finished(.done(UnitConsoleBackend.probeLines(device, report))) }
        guard clock.now < deadline else {
            return .finished(.refused("no answer from bus \(device.bus) within \(UnitConsoleBackend.probeTimeout); the probe may still run"))
        }
        return .waiting("probing \(device.name) on \(device.bus)... (any key stops waiting)")
    }

    func cancel() -> ConsoleReply {
        .done(["stopped waiting; the bus runs the probe anyway"])
    }
}
