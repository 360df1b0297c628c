import Foundation
import Logging
import Synchronization

/// One audited console action: who, when, from where, what, and how it ended. Never holds a password.
public struct AuditEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Action: String, Sendable {
        case login, loginFailed = "login-failed", logout, idleLogout = "idle-logout", command
    }

    public var time: Date
    /// The user name, or the name that was tried for a failed login; `-` when nobody is logged in.
    public var user: String
    /// Where the console runs: `socket#3`, `tty:/dev/ttyS0`.
    public var origin: String
    public var action: Action
    /// For commands: the command and its arguments (or only its name when arguments may be secret).
    public var detail: String
    /// `ok`, or the reason for a refusal or failure.
    public var result: String

    public init(time: Date, user: String, origin: String, action: Action, detail: String = "", result: String) {
        self.time = time
        self.user = user
        self.origin = origin
        self.action = action
        self.detail = detail
        self.result = result
    }

    public var description: String {
        let stamp = ISO8601DateFormatter.string(from: time, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                                formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        var text = "\(stamp) \(origin) \(user) \(action.rawValue)"
        if !detail.isEmpty { text += " '\(detail)'" }
        return text + ": \(result)"
    }
}

/// Where audit events go (event log, syslog, a file). Must not block for long: it is called on
/// console threads, once per login, logout and command.
public protocol AuditLog: Sendable {
    func record(_ event: AuditEvent)
}

/// Audit events as swift-log notices, label `floc.audit`.
public struct LoggerAuditLog: AuditLog {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ event: AuditEvent) {
        logger.notice("\(event.action.rawValue)", metadata: [
            "user": "\(event.user)", "origin": "\(event.origin)", "detail": "\(event.detail)",
            "result": "\(event.result)",
        ])
    }
}

/// Keeps the latest audit events in memory (bounded): for `show`-style inspection and for tests.
public final class MemoryAuditLog: AuditLog {
    private let events = Mutex<[AuditEvent]>([])
    public let capacity: Int

    public init(capacity: Int = 1000) { self.capacity = max(1, capacity) }

    public func record(_ event: AuditEvent) {
        events.withLock { list in
            list.append(event)
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }

    /// Events recorded so far, oldest first.
    public var recorded: [AuditEvent] { events.withLock { $0 } }
}
