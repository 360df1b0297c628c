import Foundation
import Logging
import Runtime

/// Submits a ``RestorePlan`` to the scan's command queue and, once answered, logs what was
/// restored and every refusal. Acknowledgements wait for their alarm to return: an alarm that
/// was active and acknowledged at shutdown is acknowledged again if it returns within `grace`.
public final class StateRestorer: @unchecked Sendable {
    // @unchecked: `pending` and `acknowledgements` are touched only under `lock`.
    public static let source = CommandSource(name: "restore", role: .system)
    private let lock = NSLock()
    private var pending: [(step: RestorePlan.Step, ticket: CommandTicket)] = []
    private var later: [RestorePlan.Step]
    /// The cycle of the scan that answered the first steps.
    private var answeredBy: UInt64?
    private var acknowledgements: Set<String>
    private let deadline: Double
    private let logger: Logger

    /// Submits every step now (call before the scan starts). `now` and `grace` in the
    /// scan clock's seconds.
    public init(plan: RestorePlan, commands: CommandQueue<UnitCommand>, now: Double, grace: Double = 120, logger: Logger) {
        self.logger = logger
        acknowledgements = plan.acknowledgements
        later = plan.laterSteps
        deadline = now + grace
        for line in plan.skipped { logger.notice("retained state: \(line)") }
        pending = plan.steps.map { ($0, commands.submit($0.command, from: Self.source)) }
    }

    /// True until the scan has answered every submitted step.
    public var isWaitingForAnswers: Bool { lock.withLock { !later.isEmpty || pending.contains { $0.ticket.result == nil } } }

    /// Saved acknowledgements still waiting for their alarm to return.
    public var pendingAcknowledgements: Set<String> { lock.withLock { acknowledgements } }

    /// Logs answered steps (a refusal keeps the unit file's value) and re-acknowledges saved
    /// acknowledgements whose alarm is unacknowledged again. Call after each scan snapshot.
    /// Returns true once nothing is left to do.
    @discardableResult
    public func follow(_ scan: ScanSnapshot<UnitSnapshot>?, commands: CommandQueue<UnitCommand>, now: Double) -> Bool {
        let snapshot = scan?.program
        let cycle = scan?.cycle ?? 0
        return lock.withLock {
            let answered = pending.filter { $0.ticket.result != nil }
            pending.removeAll { $0.ticket.result != nil }
            for (step, ticket) in answered {
                switch ticket.result {
                case .accepted(let text)?: logger.info("retained state restored: \(text)")
                case .rejected(let reason)?: logger.warning("retained \(step.item) not restored: \(reason); keeping the unit file's value")
                case nil: break
                }
            }
            if !later.isEmpty, pending.isEmpty {
                // The scan that answered the first steps has run; the next one applies these.
                if let answeredBy, cycle > answeredBy {
                    pending = later.map { ($0, commands.submit($0.command, from: Self.source)) }
                    later = []
                } else if answeredBy == nil {
                    answeredBy = cycle
                }
            }
            if now > deadline { acknowledgements.removeAll() }
            for alarm in snapshot?.alarms ?? [] where acknowledgements.contains(alarm.id) && alarm.state == .unacknowledged {
                acknowledgements.remove(alarm.id)
                commands.submit(.acknowledge(alarm: alarm.id), from: Self.source)
                logger.info("retained state: \(alarm.id) returned and was acknowledged before the restart; acknowledged again")
            }
            return pending.isEmpty && later.isEmpty && acknowledgements.isEmpty
        }
    }
}
