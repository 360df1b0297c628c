/// How far a pending request has come.
public enum ConsoleProgress: Sendable, Equatable {
    /// Still running; the line says on what (`ph1 -171.2 mV, spread 0.3 mV, stable 2 of 3 s`).
    case waiting(String)
    /// Ended; the reply is printed and the prompt returns.
    case finished(ConsoleReply)
}

/// What a request that takes a while must offer: the session polls it (about every `watch`
/// interval, on its own thread) until it finishes; any key cancels it.
public protocol ConsolePendingTask: AnyObject, Sendable {
    /// Looks at the latest snapshot and says how far the work has come; must not block.
    func poll() -> ConsoleProgress
    /// Abandons the work (a key was pressed, the user was logged out); returns what to print.
    func cancel() -> ConsoleReply
}

/// A running task inside a `ConsoleReply`; equal only to itself.
public struct ConsolePendingWork: Sendable, Equatable {
    public let task: any ConsolePendingTask

    public init(_ task: any ConsolePendingTask) { self.task = task }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.task === rhs.task }
}
