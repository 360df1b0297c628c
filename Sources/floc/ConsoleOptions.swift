import ArgumentParser
import Config
import Console
import FieldIO
import HAL
import Logging
import Runtime

/// `floc run`'s console options: where the socket and the users live, whether to serve the serial port.
struct ConsoleOptions: ParsableArguments {
    @Option(name: .customLong("console-socket"),
            help: "Unix socket of the console (default /run/floc/console.sock, else $XDG_RUNTIME_DIR or /tmp).")
    var socket: String?

    @Option(name: .customLong("users"), help: "Console users file (default \(UserCommand.defaultUsersPath)).")
    var users: String = UserCommand.defaultUsersPath

    @Flag(name: .customLong("console-tty"), help: "Also serve the console on the board's `console` UART (115200 8N1).")
    var serveTTY = false

    @Flag(name: .customLong("no-console"), help: "Serve no console at all.")
    var disabled = false

    /// Starts the console, or returns nil (with a log line) when disabled or the users file is unreadable.
    func start(unit: UnitConfig, image: PointImage, clock: any MonotonicClock, engine: ScanEngine<UnitProgram>?,
               pollers: [BusPoller], logger: Logger) -> ConsoleService? {
        guard !disabled else { return nil }
        let store: UserStore
        do {
            store = try UserStore(path: users)
        } catch {
            logger.error("console not served: \(error)")
            return nil
        }
        if (try? store.list())?.isEmpty != false {
            logger.warning("no console users in \(users): add one with `floc user add <name> --role technician --users \(users)`")
        }
        let backend = UnitConsoleBackend(unit: unit, image: image, clock: clock, engine: engine, pollers: pollers,
                                         historyLines: HistorianService.consoleLines(unit.historian))
        let environment = ConsoleEnvironment(backend: backend, users: store,
                                             audit: LoggerAuditLog(logger: Logger(label: "floc.audit")), clock: clock)
        return ConsoleService(environment: environment, socketPath: socket ?? ConsoleService.defaultSocketPath(),
                              board: unit.board, serveTTY: serveTTY, logger: logger)
    }
}
