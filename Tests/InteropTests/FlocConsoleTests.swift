import FlocTestSupport
import Foundation
import HALLinux
import Glibc
import Testing

/// The console served by `floc run` on its Unix socket, against a pymodbus peer: users added with
/// `floc user add`, a technician changes a setpoint, wrong passwords and operators are refused.
@Suite("floc console", .enabled(if: FlocCommand.available, "floc binary not built"))
struct FlocConsoleTests {
    @Test func userAddListRemoveKeepsAPrivateFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let users = folder.appendingPathComponent("users.json").path
        #expect(try Self.floc(["user", "add", "tech", "--role", "technician", "--users", users], stdin: "secret123\n").status == 0)
        #expect(try Self.floc(["user", "add", "tech", "--role", "operator", "--users", users], stdin: "secret456\n").status == 1)
        #expect(try Self.floc(["user", "add", "eve", "--role", "technician", "--users", users], stdin: "short\n").status == 1)
        #expect(try Self.floc(["user", "add", "vic", "--role", "viewer", "--users", users], stdin: "secret789\n").status == 1)
        let listed = try Self.floc(["user", "list", "--users", users], stdin: "")
        #expect(listed.stdout == "tech technician\n", "\(listed.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: users)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: users, encoding: .utf8)
        #expect(!text.contains("secret123"), "only the hash is stored")
        #expect(try Self.floc(["user", "remove", "tech", "--users", users], stdin: "").status == 0)
        #expect(try Self.floc(["user", "list", "--users", users], stdin: "").stdout.hasPrefix("no users"))
    }

    /// The DO probe (unit 10) reads 1.0 mg/L; the technician raises aeration1's setpoint from 2 to 2.5.
    @Test(.enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
    func technicianSetsASetpointOverTheSocket() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        try peer.command(["cmd": "encode", "unit": 10, "address": 0x57, "type": "float32", "value": 1.0])
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let users = folder.appendingPathComponent("users.json").path
        let socket = folder.appendingPathComponent("c.sock").path
        #expect(try Self.floc(["user", "add", "tech", "--role", "technician", "--users", users], stdin: "secret123\n").status == 0)
        #expect(try Self.floc(["user", "add", "op", "--role", "operator", "--users", users], stdin: "opsecret1\n").status == 0)
        let unit = folder.appendingPathComponent("unit.toml")
        try AerationUnitFixture.write(to: unit, name: "console-tcp", port: peer.modbusPort)
        let running = try FlocCommand.Running(["run", unit.path, "--boards", FlocCommand.shipped(""), "--duration", "8",
                                               "--status-every", "100", "--console-socket", socket, "--users", users])
        defer { running.kill() }
        #expect(PeerProcess.poll(deadline: 5) { FileManager.default.fileExists(atPath: socket) }, "socket \(socket)")

        let console = try ConsoleClient(path: socket)
        defer { console.close() }
        #expect(console.expect("login: "))
        console.send("tech\r")
        #expect(console.expect("password: "))
        console.send("wrongpass\r")
        #expect(console.expect("Login incorrect."))
        #expect(console.expect("login: "))
        console.send("op\r")
        #expect(console.expect("password: "))
        console.send("opsecret1\r")
        #expect(console.expect("Logged in as op (operator)."))
        console.send("out aeration1 50\r")
        #expect(console.expect("technician"), "an operator may not set outputs: \(console.screen)")
        console.send("logout\r")
        #expect(console.expect("login: "))
        console.send("tech\r")
        #expect(console.expect("password: "))
        console.send("secret123\r")
        #expect(console.expect("Logged in as tech (technician)."))
        #expect(PeerProcess.poll(deadline: 5) {
            console.send("status\r")
            return console.expect("loop aeration1 auto sp 2 mg/L pv 1 mg/L", deadline: 1)
        }, "\(console.screen)")
        console.send("set sp aeration1 2.5\r")
        #expect(console.expect("aeration1 setpoint 2.5"), "\(console.screen)")
        console.send("set sp aeration1 12\r")
        #expect(console.expect("outside"), "out of the loop's limits: \(console.screen)")
        console.send("show loop aeration1\r")
        #expect(console.expect("loop aeration1 auto sp 2.5 mg/L"), "\(console.screen)")
        console.send("hoa blower1 hand\r")
        #expect(console.expect("blower1 hand"), "\(console.screen)")
        console.send("show loop aeration1\r")
        #expect(console.expect("equipment blower1 (aeration1 blower) hand, running 60 %"), "\(console.screen)")
        console.send("hoa blower1 auto\r")
        #expect(console.expect("blower1 auto"), "\(console.screen)")
        console.send("logout\r")
        #expect(console.expect("Logged out."))
        console.close()

        // `floc console` with a pipe for stdin: the keys go through, the session's output comes back,
        // and it exits once the session ends (Ctrl-D at the login prompt).
        let attached = try Self.floc(["console", "--socket", socket],
                                     stdin: "op\ropsecret1\rshow loop aeration1\rlogout\r\u{4}")
        #expect(attached.status == 0, "\(attached.stderr)")
        #expect(attached.stdout.contains("Logged in as op (operator)."), "\(attached.stdout)")
        #expect(attached.stdout.contains("loop aeration1 auto sp 2.5 mg/L"), "\(attached.stdout)")

        let result = running.wait(deadline: 20)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("user=tech") && result.stderr.contains("set sp aeration1 2.5"), "audit: \(result.stderr)")
        #expect(!result.stderr.contains("secret123"), "passwords are never logged")
        #expect(result.stdoutLines.contains { MeterValues.collapse($0).hasPrefix("aeration1 auto 2.5 mg/L") }, "\(result.stdout)")
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-console-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs floc with `stdin` piped in (not a terminal: the password is one line), bounded to 30 s.
    static func floc(_ arguments: [String], stdin: String) throws -> FlocCommand.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(FlocCommand.binary))
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.runWithSignalsUnblocked()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        if !PeerProcess.poll(deadline: 30, { !process.isRunning }) {
            Glibc.kill(process.processIdentifier, SIGKILL)
            Issue.record("floc \(arguments) still running after 30 s: killed")
        }
        process.waitUntilExit()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return FlocCommand.Result(status: process.terminationStatus, stdout: out, stderr: err)
    }
}

/// A plain Unix-socket client of the console: sends keys, waits (bounded) for text on the screen.
final class ConsoleClient {
    private var fd: Int32
    /// Everything received, escape sequences included.
    private(set) var screen = ""
    /// Where the next `expect` starts looking.
    private var cursor: String.Index

    /// A client of an already open terminal (the far end of a pty pair); it closes `fd`.
    init(fd: Int32) {
        self.fd = fd
        cursor = screen.startIndex
    }

    init(path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        cursor = screen.startIndex
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(connected == 0, "connect \(path): \(String(cString: strerror(errno)))")
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        // A terminal (pty) is no socket: plain write.
        if sent < 0, errno == ENOTSOCK { _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) } }
    }

    /// Reads until `text` appears after the previous match, or `deadline` seconds pass.
    func expect(_ text: String, deadline: Double = 5) -> Bool {
        let end = Date().addingTimeInterval(deadline)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let range = screen.range(of: text, range: cursor..<screen.endIndex) {
                cursor = range.upperBound
                return true
            }
            let remaining = end.timeIntervalSinceNow
            guard remaining > 0, fd >= 0 else { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return false }
            let offset = screen.distance(from: screen.startIndex, to: cursor)
            screen += String(decoding: buffer[0..<count], as: UTF8.self)
            cursor = screen.index(screen.startIndex, offsetBy: offset)
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
