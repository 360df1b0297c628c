import FlocTestSupport
import Foundation
import Glibc
import Testing

/// A technician's whole visit, scripted with exact screen lines, against a real `floc run` whose pH
/// probe (an Aqualabo PHEHT profile, unit 20) is a pymodbus peer: the test sets the electrode's raw
/// mV through the peer's control port as if the probe sat in buffer 7, then buffer 4. Run once over
/// the board's console UART (a socat pty pair, `--console-tty`) and once over the Unix socket.
@Suite("floc technician session", .serialized,
       .enabled(if: FlocCommand.available && PeerProcess.pythonAvailable && PeerProcess.socatAvailable,
                "needs the floc binary, Python with pymodbus (scripts/setup) and socat"))
struct FlocTechnicianSessionTests {
    /// Raw mV register of the PHEHT profile (`ph_mv`), and its pH and temperature registers.
    static let millivolts = 0x59, pH = 0x55, temperature = 0x53

    @Test func calibratesThePHProbeOverTheConsoleUARTAndTheSocket() throws {
        let peer = try ModbusPeer(.tcp, units: ["20": [String: Any](), "2": [String: Any]()])
        defer { peer.stop() }
        try set(peer, Self.pH, 7.0)
        try set(peer, Self.temperature, 25.0)
        let folder = try FlocConsoleTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pair = try PtyPair(folder: folder)
        defer { pair.stop() }
        let boards = try Self.boards(in: folder, console: pair.floc)
        let users = folder.appendingPathComponent("users.json").path
        let socket = folder.appendingPathComponent("c.sock").path
        #expect(try FlocConsoleTests.floc(["user", "add", "tech", "--role", "technician", "--users", users],
                                          stdin: "secret123\n").status == 0)
        let unit = folder.appendingPathComponent("unit.toml")
        try Self.unit(port: peer.modbusPort).write(to: unit, atomically: true, encoding: .utf8)
        let running = try FlocCommand.Running(["run", unit.path, "--boards", boards, "--duration", "150",
                                               "--status-every", "1000", "--console-socket", socket, "--users", users,
                                               "--console-tty"])
        defer { running.kill() }
        #expect(PeerProcess.poll(deadline: 5) { FileManager.default.fileExists(atPath: socket) }, "socket \(socket)")

        let serial = ConsoleClient(fd: try pair.openTerminal())
        defer { serial.close() }
        serial.send("\r")
        try visit(serial, peer: peer, from: ("7.2", "7"), to: "7.4", over: "the console UART")
        serial.close()

        let client = try ConsoleClient(path: socket)
        defer { client.close() }
        try visit(client, peer: peer, from: ("7.4", Self.calibratedPH), to: "7.3", over: "the socket")
        client.close()

        running.kill()
        let log = running.wait(deadline: 10).stderr
        #expect(log.contains("user=tech") && log.contains("calibrate ph ph1 point 7.00"), "audit: \(log)")
        #expect(log.contains("origin=tty:"), "the UART session is audited as such: \(log)")
        #expect(!log.contains("secret123"), "passwords are never logged")
    }

    /// Login, status, a setpoint, manual, two buffers, status, accept, back to auto, logout.
    /// `before`: the setpoint and the pH (as `status` shows them) found on arrival.
    func visit(_ console: ConsoleClient, peer: ModbusPeer, from before: (setpoint: String, pH: String), to setpoint: String,
               over: String) throws {
        /// Exactly these lines, one after the other, each a whole line of the screen.
        func line(_ texts: String...) {
            let block = "\r\n" + texts.joined(separator: "\r\n") + "\r\n"
            #expect(console.expect(block), "\(over): \(texts)\n\(console.screen)")
        }
        #expect(console.expect("login: "), "\(over): \(console.screen)")
        console.send("tech\r")
        #expect(console.expect("password: "))
        console.send("secret123\r")
        line("Logged in as tech (technician).")
        #expect(PeerProcess.poll(deadline: 5) {
            console.send("status\r")
            return console.expect("\r\nloop ph1 auto sp \(before.setpoint) pH pv \(before.pH) pH out ", deadline: 1)
        }, "\(over): \(console.screen)")
        console.send("set sp ph1 \(setpoint)\r")
        line("ph1 setpoint \(setpoint)")
        // Dosing stops while the probe is out of the basin.
        console.send("mode ph1 manual\r")
        line("ph1 mode manual")
        console.send("calibrate ph ph1\r")
        line("ph1: ph calibration started (ph1.ph held)",
             "Put the probe in the first buffer, then: calibrate ph ph1 point <buffer pH, e.g. 7.00>")

        try set(peer, Self.millivolts, -3.0)
        console.send("calibrate ph ph1 point 7.00\r")
        #expect(console.expect("ph1: buffer 7.00: "), "\(over): a progress line\n\(console.screen)")
        #expect(console.expect("\r\u{1B}[Kph1: buffer 7.00 recorded: -3.0 mV at 25.0 °C (buffer pH 7.00)\r\n", deadline: 20),
                "\(over): \(console.screen)")
        try set(peer, Self.millivolts, 171.0)
        console.send("calibrate ph ph1 point 4.01\r")
        #expect(console.expect("\r\u{1B}[Kph1: buffer 4.01 recorded: 171.0 mV at 25.0 °C (buffer pH 4.00)\r\n", deadline: 20),
                "\(over): \(console.screen)")
        console.send("calibrate ph ph1 status\r")
        line("calibrate ph ph1 by tech",
             "  buffer 7.00: -3.0 mV at 25.0 °C (buffer pH 7.00)",
             "  buffer 4.01: 171.0 mV at 25.0 °C (buffer pH 4.00)",
             "  slope 98.0 % of Nernst, offset -3.0 mV: within limits")
        console.send("calibrate ph ph1 accept\r")
        line("ph1: calibration stored, slope 98.0 % of Nernst, offset -3.0 mV: within limits",
             "ph1.ph calibrated (ph slope 98.04, offset -3, by tech)",
             "ph1.ph released")
        console.send("mode ph1 auto\r")
        line("ph1 mode auto")
        console.send("show loop ph1\r")
        // The probe's 7.00 now reads through the calibration: 7 - 3 mV / (98.04 % of 59.16 mV).
        #expect(console.expect("\r\nloop ph1 auto sp \(setpoint) pH pv \(Self.calibratedPH) pH out "), "\(over): \(console.screen)")
        console.send("logout\r")
        line("Logged out.")
    }

    /// The probe's pH 7.00 through the calibration both visits make.
    static let calibratedPH = "6.948"

    func set(_ peer: ModbusPeer, _ address: Int, _ value: Double) throws {
        try peer.command(["cmd": "encode", "unit": 20, "address": address, "type": "float32", "value": value])
    }

    /// One pH probe and a relay module (acid pump on relay 1) on Modbus TCP, one pH loop.
    static func unit(port: Int) -> String {
        """
        [unit]
        name = "tech-visit"
        board = "consoletest"
        scan_period_ms = 100
        [buses.plant]
        type = "tcp"
        host = "127.0.0.1"
        port = \(port)
        [devices.ph1]
        profile = "aqualabo-pheht"
        bus = "plant"
        address = 20
        poll_fast_ms = 200
        [devices.io1]
        profile = "waveshare-modbus-rtu-relay-d"
        bus = "plant"
        address = 2
        poll_fast_ms = 500
        [loops.ph1]
        type = "ph"
        ph = "ph1.ph"
        setpoint = 7.2
        [loops.ph1.pid]
        ti_s = 300
        [loops.ph1.acid]
        output = "io1.relay1"
        cycle_s = 30
        capacity_lph = 6
        [instruments."ph1.ph"]
        calibration = "ph"
        temperature = "ph1.temperature"
        """
    }

    /// A boards folder whose board has its console UART at `console` and the shipped device profiles.
    static func boards(in folder: URL, console: String) throws -> String {
        let boards = folder.appendingPathComponent("boards")
        try FileManager.default.createDirectory(at: boards, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: boards.appendingPathComponent("devices").path,
                                                   withDestinationPath: FlocCommand.shipped("devices"))
        try """
        # A test board: the simulator's, with its console UART on a socat pty pair.
        [board]
        model = "console test board"
        vendor = "Floc"
        source = "Tests/InteropTests/FlocTechnicianSessionTests.swift"
        capabilities = ["uart"]
        [uarts.console]
        device = "\(console)"
        rs485 = "none"
        [roles]
        console = "console"
        """.write(to: boards.appendingPathComponent("consoletest.toml"), atomically: true, encoding: .utf8)
        return boards.path
    }
}

/// Two linked ptys from socat, raw, as a USB serial adapter and the technician's terminal look.
final class PtyPair {
    let floc: String
    let terminal: String
    private let socat: PeerProcess

    init(folder: URL) throws {
        floc = folder.appendingPathComponent("console-uart").path
        terminal = folder.appendingPathComponent("terminal").path
        socat = try PeerProcess("/usr/bin/socat", ["pty,raw,echo=0,link=\(floc)", "pty,raw,echo=0,link=\(terminal)"])
        try #require(PeerProcess.poll(deadline: 5) {
            FileManager.default.fileExists(atPath: self.floc) && FileManager.default.fileExists(atPath: self.terminal)
        }, "socat made no pty pair")
    }

    /// Opens the technician's end, raw (socat set it raw; no controlling terminal is taken).
    func openTerminal() throws -> Int32 {
        let fd = open(terminal, O_RDWR | O_NOCTTY | O_CLOEXEC)
        try #require(fd >= 0, "open \(terminal): \(String(cString: strerror(errno)))")
        return fd
    }

    func stop() { socat.stop() }
}
