import HAL

/// The console on an already-open serial line (configured with `SerialTerminal.configure`).
/// Sessions follow one another on the line; `run` returns only when the line fails or on `stop`.
public final class TTYConsole: Sendable {
    public let fd: Int32
    /// The device, for the audit log and errors: `/dev/ttyS0`.
    public let device: String
    public let environment: ConsoleEnvironment
    public let style: TerminalStyle
    private let stopSignal: StopSignal

    /// Does not take ownership of `fd`: the caller closes it after `run` returns.
    public init(fd: Int32, device: String, environment: ConsoleEnvironment, style: TerminalStyle = .vt100) throws(HALError) {
        self.fd = fd
        self.device = device
        self.environment = environment
        self.style = style
        stopSignal = try StopSignal()
    }

    /// Serves sessions until the line fails (EIO when a USB adapter is pulled: reopen and call again)
    /// or `stop()` is called. Blocks the calling thread.
    public func run() -> ConsoleTransport.Ending {
        while true {
            let session = ConsoleSession(environment: environment, origin: "tty:\(device)", style: style)
            let ending = ConsoleTransport.run(session, input: fd, output: fd, stop: stopSignal, context: device)
            guard ending == .finished else { return ending }
        }
    }

    /// Ends `run` from another thread.
    public func stop() { stopSignal.signal() }
}
