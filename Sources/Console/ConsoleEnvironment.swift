import Foundation
import HAL

/// Settings of every console session (from the unit's configuration).
public struct ConsoleSettings: Sendable, Equatable {
    /// A session may read (status, show, watch, log) before anyone logs in.
    public var allowsAnonymousViewer: Bool
    /// A logged-in user who types nothing for this long is logged out.
    public var idleTimeout: Duration
    /// Longest input line, in bytes.
    public var lineLimit: Int
    /// Output held for a slow peer before it is dropped, in bytes.
    public var outputCapacity: Int
    /// Time between `watch` frames; never less than `minimumWatchInterval`.
    public var watchInterval: Duration
    /// Language of a new session.
    public var language: ConsoleLanguage

    public static let minimumWatchInterval = Duration.milliseconds(500)

    public init(allowsAnonymousViewer: Bool = false, idleTimeout: Duration = .seconds(600), lineLimit: Int = 256,
                outputCapacity: Int = 64 * 1024, watchInterval: Duration = .seconds(1),
                language: ConsoleLanguage = .english) {
        self.allowsAnonymousViewer = allowsAnonymousViewer
        self.idleTimeout = idleTimeout
        self.lineLimit = lineLimit
        self.outputCapacity = outputCapacity
        self.watchInterval = max(watchInterval, Self.minimumWatchInterval)
        self.language = language
    }
}

/// What every console session shares: the unit, the users, lockouts, the audit log and time.
public struct ConsoleEnvironment: Sendable {
    public var backend: any ConsoleBackend
    public var users: UserStore
    public var throttle: LoginThrottle
    public var audit: any AuditLog
    public var clock: any MonotonicClock
    /// Wall-clock time for audit records.
    public var wallClock: @Sendable () -> Date
    public var settings: ConsoleSettings
    public var registry: CommandRegistry

    public init(backend: any ConsoleBackend, users: UserStore, audit: any AuditLog, clock: any MonotonicClock,
                settings: ConsoleSettings = ConsoleSettings(), throttle: LoginThrottle? = nil,
                registry: CommandRegistry = .standard, wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.backend = backend
        self.users = users
        self.audit = audit
        self.clock = clock
        self.settings = settings
        self.throttle = throttle ?? LoginThrottle(clock: clock)
        self.registry = registry
        self.wallClock = wallClock
    }
}
