/// What one argument position of a command completes to.
public enum ConsoleArgument: Sendable, Equatable {
    /// One of fixed words.
    case keyword([String])
    /// A name of the unit (loop, tag, alarm, ...), asked of the backend.
    case name(ConsoleNameKind)
    /// Names of one kind, repeated for every further position.
    case names(ConsoleNameKind)
    /// A number or free text: nothing to offer.
    case value
}

/// How a command ended, for the audit log.
public enum ConsoleOutcome: Sendable, Equatable {
    case ok
    case refused(String)
    /// Wrong arguments; usage was shown.
    case usage
}

/// One console command: its name, arguments, the least role that may run it, help, and action.
public struct ConsoleCommand: Sendable {
    public var name: String
    /// Argument synopsis shown in help, e.g. `sp <loop> <value>`.
    public var usage: String
    public var minimumRole: ConsoleRole
    /// One-line summary for `help`.
    public var summary: LocalizedText
    /// Longer text for `help <command>`.
    public var details: LocalizedText?
    /// Completion of each argument position.
    public var arguments: [ConsoleArgument]
    /// False for commands whose arguments must never reach the audit log.
    public var auditsArguments: Bool
    /// Runs with the words after the command name; writes to the session and returns the outcome.
    public var run: @Sendable (ConsoleSession, [String]) -> ConsoleOutcome

    public init(name: String, usage: String = "", minimumRole: ConsoleRole, summary: LocalizedText,
                details: LocalizedText? = nil, arguments: [ConsoleArgument] = [], auditsArguments: Bool = true,
                run: @escaping @Sendable (ConsoleSession, [String]) -> ConsoleOutcome) {
        self.name = name
        self.usage = usage
        self.minimumRole = minimumRole
        self.summary = summary
        self.details = details
        self.arguments = arguments
        self.auditsArguments = auditsArguments
        self.run = run
    }
}
