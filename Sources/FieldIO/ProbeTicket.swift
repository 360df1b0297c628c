import Config
import Synchronization

/// What a one-shot probe read: every readable point with its value and quality, in request order.
public struct ProbeReport: Sendable {
    public var samples: [(PointSpec, PointSample)]
    /// Requests sent, retries included.
    public var requestsSent: Int
    /// Why nothing was read (the bus is down), if so.
    public var failure: String?
}

/// A probe asked of a bus poller; answered once by the bus thread. Poll `report` (it never blocks).
public final class ProbeTicket: Sendable {
    public let device: DeviceConfig
    private let answer = Mutex<ProbeReport?>(nil)

    init(device: DeviceConfig) { self.device = device }

    /// The report once the bus thread has run the probe.
    public var report: ProbeReport? { answer.withLock { $0 } }

    func fulfil(_ report: ProbeReport) { answer.withLock { $0 = report } }
}
