import FlocTestSupport
import Foundation
import Telemetry

/// A mosquitto broker on 127.0.0.1 and a free port, persistence off, stopped by pid.
final class MosquittoBroker {
    static let executable = "/usr/sbin/mosquitto"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let port: Int
    /// With `tls`: a second listener needing TLS and a password, for the node; `port` stays plain for the host.
    let tlsPort: Int
    let process: PeerProcess
    private let configPath: String

    init(port: Int = PeerProcess.freePort(), tls: TestTLS? = nil) throws {
        self.port = port
        configPath = NSTemporaryDirectory() + "floc-mosquitto-\(port).conf"
        var config = "per_listener_settings true\nlistener \(port) 127.0.0.1\nallow_anonymous true\n"
        tlsPort = tls == nil ? 0 : PeerProcess.freePort()
        if let tls {
            config += "listener \(tlsPort) 127.0.0.1\ncafile \(tls.caFile)\ncertfile \(tls.serverCert)\n"
                + "keyfile \(tls.serverKey)\nallow_anonymous false\npassword_file \(tls.passwordFile)\n"
        }
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try PeerProcess(Self.executable, ["-c", configPath])
        guard PeerProcess.poll(deadline: 10, { Self.accepts(self.port) && (tls == nil || Self.accepts(self.tlsPort)) }) else {
            process.stop()
            throw SparkplugPeerError(message: "mosquitto did not listen on \(port): \(process.errorOutput)")
        }
    }

    deinit { stop() }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: configPath)
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Tests/peers/sparkplug_host.py: an independent Sparkplug B host that records every
/// spBv1.0 message as a JSON line and sends NCMD/DCMD on request.
final class SparkplugHost {
    let process: PeerProcess
    private let outPath: String
    private let control: MQTTClient

    init(broker: MosquittoBroker) throws {
        outPath = NSTemporaryDirectory() + "floc-sparkplug-host-\(broker.port).jsonl"
        try? FileManager.default.removeItem(atPath: outPath)
        let script = PeerProcess.packageRoot.appendingPathComponent("Tests/peers/sparkplug_host.py").path
        process = try PeerProcess(PeerProcess.python, ["-u", script, "--port", "\(broker.port)", "--out", outPath])
        control = try MQTTClient(.init(port: broker.port, clientID: "floc-test-control"), handlers: .init())
        try control.connect()
        guard PeerProcess.poll(deadline: 15, { self.lines().contains { $0["event"] as? String == "ready" } }) else {
            process.stop()
            throw SparkplugPeerError(message: "sparkplug_host.py did not become ready: \(process.errorOutput)")
        }
    }

    deinit { stop() }

    func stop() {
        control.disconnect()
        process.stop()
        try? FileManager.default.removeItem(atPath: outPath)
    }

    /// Every recorded line so far, in arrival order.
    func lines() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: outPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Recorded Sparkplug messages (not the ready line).
    func messages() -> [[String: Any]] { lines().filter { $0["topic"] != nil } }

    /// Waits up to `deadline` s for the messages to satisfy `condition`; returns them either way.
    @discardableResult
    func waitFor(deadline: Double = 10, _ condition: ([[String: Any]]) -> Bool) -> [[String: Any]] {
        _ = PeerProcess.poll(deadline: deadline) { condition(self.messages()) }
        return messages()
    }

    /// Sends a control request (see the script's docstring), retrying until the control client is up.
    func send(_ request: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: request)
        var lastError: Error?
        let sent = PeerProcess.poll(deadline: 5) {
            do {
                try control.publish(.init(topic: "floc-test/control", payload: Array(data), qos: 1))
                return true
            } catch {
                lastError = error
                return false
            }
        }
        if !sent { throw lastError ?? SparkplugPeerError(message: "control publish failed") }
    }
}

/// Thread-safe record of the commands the node handed to its callback.
final class CommandLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [SparkplugCommand] = []

    func append(_ command: SparkplugCommand) { lock.withLock { entries.append(command) } }
    var commands: [SparkplugCommand] { lock.withLock { entries } }
}

extension Array where Element == [String: Any] {
    func ofType(_ type: String) -> [[String: Any]] { filter { $0["type"] as? String == type } }
}

extension Dictionary where Key == String, Value == Any {
    var seq: Int? { self["seq"] as? Int }
    var bdSeq: Int? { self["bdSeq"] as? Int }
    var metricList: [[String: Any]] { self["metrics"] as? [[String: Any]] ?? [] }
}

struct SparkplugPeerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A throw-away CA, a server certificate for `localhost` and a password file, made with
/// openssl and mosquitto_passwd in a temporary folder.
struct TestTLS {
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/mosquitto_passwd")
    }

    let folder: String
    var caFile: String { folder + "/ca.pem" }
    var serverCert: String { folder + "/server.pem" }
    var serverKey: String { folder + "/server.key" }
    var passwordFile: String { folder + "/passwords" }

    init(username: String, password: String) throws {
        folder = NSTemporaryDirectory() + "floc-tls-\(getpid())-\(PeerProcess.freePort())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let steps: [(String, [String])] = [
            ("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Floc test CA",
                                  "-keyout", folder + "/ca.key", "-out", caFile]),
            ("/usr/bin/openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                                  "-keyout", serverKey, "-out", folder + "/server.csr"]),
            ("/usr/bin/openssl", ["x509", "-req", "-in", folder + "/server.csr", "-CA", caFile, "-CAkey", folder + "/ca.key",
                                  "-CAcreateserial", "-days", "1", "-out", serverCert,
                                  "-extfile", try Self.write(folder + "/san.ext", "subjectAltName=DNS:localhost\n")]),
            ("/usr/bin/mosquitto_passwd", ["-b", "-c", passwordFile, username, password]),
        ]
        for (tool, arguments) in steps {
            // coreutils `timeout` bounds the wait; waitUntilExit then always returns.
            let step = Process()
            step.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            step.arguments = ["30", tool] + arguments
            step.standardOutput = FileHandle.nullDevice
            step.standardError = FileHandle.nullDevice
            try step.run()
            step.waitUntilExit()
            guard step.terminationStatus == 0 else {
                throw SparkplugPeerError(message: "\(tool) \(arguments.first ?? "") exited with \(step.terminationStatus)")
            }
        }
        // mosquitto started as root drops to the `mosquitto` user, which must read these throw-away files.
        for file in [serverKey, passwordFile] {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
    }

    private static func write(_ path: String, _ text: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
