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
    private let logPath: String

    init(port: Int = PeerProcess.freePort(), tls: TestTLS? = nil) throws {
        self.port = port
        configPath = NSTemporaryDirectory() + "floc-mosquitto-\(port).conf"
        logPath = NSTemporaryDirectory() + "floc-mosquitto-\(port).log"
        try? FileManager.default.removeItem(atPath: logPath)
        var config = "log_dest file \(logPath)\nlog_type all\n"
            + "per_listener_settings true\nlistener \(port) 127.0.0.1\nallow_anonymous true\n"
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
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// The broker's log so far (every packet: `log_type all`).
    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

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
