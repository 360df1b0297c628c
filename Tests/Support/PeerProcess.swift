import Foundation
import HALLinux
import Glibc

/// A foreign process a test talks to (pymodbus, socat). Started by the test,
/// stopped by it on every path through `stop()` (SIGTERM to this pid only, then
/// SIGKILL if it lingers), and waited for with deadlines, never open-ended.
public final class PeerProcess {
    public let process = Process()
    private let errorPipe = Pipe()
    /// The peer's stdout, for a ready line (see ``ModbusPeer``).
    public let outputPipe = Pipe()

    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.runWithSignalsUnblocked()
    }

    deinit { stop() }

    public var pid: Int32 { process.processIdentifier }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if !Self.poll(deadline: 3, { !self.process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// What the peer wrote to stderr, for a failure message; only once it has exited.
    public var errorOutput: String {
        guard !process.isRunning else { return "(still running)" }
        let data = errorPipe.fileHandleForReading.availableData
        return String(decoding: data.suffix(2000), as: UTF8.self)
    }

    /// Polls `condition` every 50 ms until it holds or `deadline` seconds pass.
    public static func poll(deadline: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(deadline)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// The package's root folder (this file is Tests/Support/PeerProcess.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python that has pymodbus: `FLOC_PYTHON`, else the venv `scripts/setup-test-env` makes.
    public static var python: String {
        ProcessInfo.processInfo.environment["FLOC_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    public static var pythonAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }

    public static var socatAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/socat") }

    /// A TCP port nobody listens on right now (bound, read, released).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length)
                return getsockname(fd, socketAddress, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
