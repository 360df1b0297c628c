import Foundation
import HALLinux

#if canImport(Glibc)
import Glibc
#endif

/// Two linked pseudo-terminals made by `socat`, as a USB RS-485 adapter looks to Linux: the
/// controller opens ``controllerPath``, the emulator serves on ``plantPath``.
///
/// Owns its socat process: ``stop()`` (also on deinit) ends it by pid and removes the links.
public final class PtyPair {
    public let controllerPath: String
    public let plantPath: String
    private let process = Process()

    /// Starts socat and waits up to `timeout` seconds for both links. Fails with
    /// ``PtyPairError`` when socat is missing, exits, or makes no links in time.
    public init(controllerPath: String, plantPath: String, socat: String = "/usr/bin/socat",
                timeout: Double = 5) throws {
        self.controllerPath = controllerPath
        self.plantPath = plantPath
        for path in [controllerPath, plantPath] {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            // A link left by a killed run would make socat's link fail.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { unlink(path) }
        }
        guard FileManager.default.isExecutableFile(atPath: socat) else {
            throw PtyPairError(message: "\(socat) not found: install socat (scripts/setup does)")
        }
        process.executableURL = URL(fileURLWithPath: socat)
        process.arguments = ["pty,raw,echo=0,link=\(controllerPath)", "pty,raw,echo=0,link=\(plantPath)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.runWithSignalsUnblocked()
        let deadline = Date().addingTimeInterval(timeout)
        while !(FileManager.default.fileExists(atPath: controllerPath) && FileManager.default.fileExists(atPath: plantPath)) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw PtyPairError(message: "socat made no pty pair at \(controllerPath) and \(plantPath)")
            }
            usleep(20_000)
        }
    }

    deinit { stop() }

    /// socat's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Ends socat (SIGTERM to its pid, SIGKILL after 2 s) and removes the links it leaves.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        unlink(controllerPath)
        unlink(plantPath)
    }
}

public struct PtyPairError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
