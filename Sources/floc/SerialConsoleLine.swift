import Config
import Console
import Foundation
import Glibc
import Logging
import Synchronization

/// The board's `console` UART served by `TTYConsole`: reopened with back-off (1 s doubling to 30 s)
/// after the adapter is pulled or while the device does not exist.
final class SerialConsoleLine: Sendable {
    static let baud = 115_200
    let device: String
    private let environment: ConsoleEnvironment
    private let logger: Logger
    private let current = Mutex<TTYConsole?>(nil)
    private let stopped = Mutex(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    private init(device: String, environment: ConsoleEnvironment, logger: Logger) {
        self.device = device
        self.environment = environment
        self.logger = logger
    }

    /// Nil (with a warning) when the board has no `console` role or names an unknown UART.
    static func start(board: BoardConfig, environment: ConsoleEnvironment, logger: Logger) -> SerialConsoleLine? {
        guard let role = board.roles["console"] else {
            logger.warning("--console-tty: board \(board.id) has no [roles] console; serial console not served")
            return nil
        }
        guard let uart = board.uart(named: role) else {
            logger.warning("--console-tty: board \(board.id) console role names unknown UART \(role)")
            return nil
        }
        let line = SerialConsoleLine(device: uart.device, environment: environment, logger: logger)
        Thread.detachNewThread { line.serve() }
        return line
    }

    func stop() {
        stopped.withLock { $0 = true }
        current.withLock { $0?.stop() }
        wake.signal()
        _ = finished.wait(timeout: .now() + 3)
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func serve() {
        defer { finished.signal() }
        var backoff = 1.0
        var warned = false
        while !isStopped {
            let fd = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC)
            if fd < 0 {
                if !warned {
                    let reason = String(cString: strerror(errno))
                    logger.warning("serial console \(device) cannot be opened (\(reason)); retrying every 1-30 s while floc runs")
                    warned = true
                }
            } else {
                backoff = 1
                warned = false
                serveOpen(fd)
                close(fd)
            }
            if isStopped { break }
            _ = wake.wait(timeout: .now() + backoff)
            backoff = min(backoff * 2, 30)
        }
    }

    private func serveOpen(_ fd: Int32) {
        do {
            try SerialTerminal.configure(fd: fd, baud: Self.baud)
            let console = try TTYConsole(fd: fd, device: device, environment: environment)
            current.withLock { $0 = console }
            if isStopped { return }
            logger.info("serial console on \(device), 115200 8N1")
            let ending = console.run()
            current.withLock { $0 = nil }
            if ending != .stopped { logger.warning("serial console \(device) ended (\(ending)); reopening") }
        } catch {
            logger.warning("serial console \(device): \(error)")
        }
    }
}
