import Synchronization
import Dispatch

/// Who asked for a change; the program checks the role and the audit log names it.
public struct CommandSource: Sendable, Equatable, CustomStringConvertible {
    public enum Role: Int, Sendable, Comparable, CaseIterable {
        case viewer = 0, operator_ = 1, technician = 2, engineer = 3, system = 4
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `console:alice`, `sparkplug`, `supervisor`, ...
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    public var description: String { name }
}

/// The answer to a command: every command gets exactly one.
public enum CommandResult: Sendable, Equatable {
    case accepted(String)
    case rejected(String)

    public var isAccepted: Bool { if case .accepted = self { true } else { false } }
}

/// A pending answer, fulfilled by the scan thread at the start of a scan.
public final class CommandTicket: Sendable {
    private let state = Mutex<CommandResult?>(nil)
    private let signal = DispatchSemaphore(value: 0)

    init() {}

    func fulfil(_ result: CommandResult) {
        state.withLock { $0 = result }
        signal.signal()
    }

    /// The answer if it has come.
    public var result: CommandResult? { state.withLock { $0 } }

    /// Blocks until answered or `timeout` (seconds) passes; nil on timeout. Never call it on the scan thread.
    public func wait(timeout seconds: Double) -> CommandResult? {
        if let result { return result }
        _ = signal.wait(timeout: .now() + seconds)
        return result
    }
}

/// Commands submitted from any thread (console, uplinks, supervisor), applied by the scan
/// at the start of its next cycle, in order. Bounded: a flood is refused, not queued.
public final class CommandQueue<Command: Sendable>: Sendable {
    struct Envelope: Sendable {
        var command: Command
        var source: CommandSource
        var ticket: CommandTicket
    }

    private let pending = Mutex<[Envelope]>([])
    public let capacity: Int

    public init(capacity: Int = 256) { self.capacity = capacity }

    /// Queues `command`; the ticket is answered by the scan (or at once, rejected, when the queue is full).
    @discardableResult
    public func submit(_ command: Command, from source: CommandSource) -> CommandTicket {
        let ticket = CommandTicket()
        let queued = pending.withLock { queue in
            guard queue.count < capacity else { return false }
            queue.append(Envelope(command: command, source: source, ticket: ticket))
            return true
        }
        if !queued { ticket.fulfil(.rejected("command queue full (\(capacity)); try again")) }
        return ticket
    }

    /// Takes every queued command (scan thread only).
    func drain() -> [Envelope] {
        pending.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}
