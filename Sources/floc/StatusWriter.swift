import Config
import FieldIO
import Foundation
import HAL
import Logging
import Runtime

/// Writes the daemon's status as JSON to a file once a second (write to a temporary file,
/// then rename: a reader never sees half a document), on a thread of its own, for `floc status`.
final class StatusWriter: @unchecked Sendable {
    // @unchecked: started and stopped from the main thread; the thread reads immutable inputs.
    let path: String
    private let make: @Sendable () -> StatusDocument
    private let logger: Logger
    private let worker = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private var thread: Thread?

    init(path: String, logger: Logger, make: @escaping @Sendable () -> StatusDocument) {
        self.path = path
        self.make = make
        self.logger = logger
    }

    /// The status file's default place: `/run/floc/status.json` when writable, else the runtime
    /// or temporary folder.
    static func defaultPath() -> String {
        let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"]
        for folder in ["/run/floc", runtime, NSTemporaryDirectory()].compactMap({ $0 }) {
            if FileManager.default.isWritableFile(atPath: folder) { return (folder as NSString).appendingPathComponent("floc-status.json") }
        }
        return "/tmp/floc-status.json"
    }

    func start() {
        let thread = Thread { [self] in
            while worker.wait(timeout: .now() + 1) == .timedOut { write() }
            write()
            try? FileManager.default.removeItem(atPath: path)
            stopped.signal()
        }
        thread.name = "floc-status"
        self.thread = thread
        thread.start()
    }

    func stop() {
        guard thread != nil else { return }
        worker.signal()
        stopped.wait()
        thread = nil
    }

    private func write() {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(make())
            let temporary = path + ".tmp"
            try data.write(to: URL(fileURLWithPath: temporary))
            _ = rename(temporary, path)
        } catch {
            logger.debug("status file not written", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}
