/// A write received in NCMD (device nil) or DCMD, resolved to the metric's name.
public struct SparkplugCommand: Sendable, Equatable {
    public var device: String?
    public var metric: String
    public var value: SparkplugValue
}

/// The command handler's answer.
public enum SparkplugCommandResult: Sendable, Equatable {
    case accepted
    case rejected(String)
}
