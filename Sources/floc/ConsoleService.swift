import Config
import Console
import Foundation
import Glibc
import HAL
import Logging
import Synchronization

/// The technician's console of `floc run`: a Unix socket server and, when asked, the board's
/// `console` UART. It only reads snapshots and submits commands, so it never blocks the scan.
final class ConsoleService: Sendable {
    let environment: ConsoleEnvironment
    let logger: Logger
    private let server: ConsoleServer?
    private let serial: SerialConsoleLine?

    /// Starts serving; a socket that cannot be bound and a missing console UART are logged, not fatal.
    init(environment: ConsoleEnvironment, socketPath: String?, board: BoardConfig, serveTTY: Bool, logger: Logger) {
        self.environment = environment
        self.logger = logger
        var server: ConsoleServer?
        if let socketPath, case .success(let probe) = ConsoleSocketClient.connect(socketPath) {
            // Binding would unlink a live socket: another floc serves this path.
            close(probe)
            logger.error("console socket not served: another floc is serving \(socketPath); use --console-socket")
        } else if let socketPath {
            do {
                let candidate = try ConsoleServer(path: socketPath, environment: environment)
                try candidate.start()
                server = candidate
                logger.info("console socket ready: attach with `floc console --socket \(socketPath)`",
                            metadata: ["socket": "\(socketPath)"])
            } catch {
                logger.error("console socket not served: \(error)", metadata: ["socket": "\(socketPath)"])
            }
        }
        self.server = server
        serial = serveTTY ? SerialConsoleLine.start(board: board, environment: environment, logger: logger) : nil
    }

    /// Ends every session and the serial line's thread; removes the socket.
    func stop() {
        server?.stop(timeout: 2)
        serial?.stop()
    }

    /// `/run/floc/console.sock` when that folder can be made and written, else `$XDG_RUNTIME_DIR` or /tmp.
    static func defaultSocketPath() -> String {
        let candidates = ["/run/floc", ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"], NSTemporaryDirectory()]
        for case let folder? in candidates where !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if access(folder, W_OK) == 0 {
                let name = folder == "/run/floc" ? "console.sock" : "floc-console-\(getuid()).sock"
                return (folder as NSString).appendingPathComponent(name)
            }
        }
        return "/tmp/floc-console-\(getuid()).sock"
    }
}
