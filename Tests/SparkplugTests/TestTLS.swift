import FlocTestSupport
import Foundation

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
