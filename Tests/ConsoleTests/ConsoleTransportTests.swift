import Foundation
import Testing
import HAL
@testable import Console
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct ConsoleTransportTests {
    @Test func socketSessionsLogInRunCommandsAndSurviveAVanishingPeer() throws {
        let fixture = try ConsoleFixture(clock: SystemMonotonicClock())
        let path = fixture.directory + "/console.sock"
        let server = try ConsoleServer(path: path, environment: fixture.environment)
        try server.start()
        defer { server.stop() }
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o660)

        // A peer that connects, sends half an escape sequence and vanishes ends only its own session.
        let vanishing = try #require(TerminalPeer.connect(to: path))
        #expect(vanishing.read(until: "login: ").contains("Floc console, unit c1."))
        vanishing.send("ali\u{1B}[")
        vanishing.close()

        let peer = try #require(TerminalPeer.connect(to: path))
        defer { peer.close() }
        #expect(peer.read(until: "login: ").contains("Type 'help'"))
        peer.send("alice\r")
        #expect(!peer.read(until: "password: ").isEmpty)
        peer.send("secret1\r")
        let welcome = peer.read(until: "c1 alice> ")
        #expect(welcome.contains("Logged in as alice (technician).") && !welcome.contains("secret1"))
        peer.send("whoami\r")
        #expect(peer.read(until: "c1 alice> ").contains("alice, role technician, on socket#2."))
        peer.send("help\r")
        #expect(peer.read(until: "c1 alice> ").contains("calibrate ph|do <instrument>"))
        peer.send("logout\r")
        #expect(peer.read(until: "login: ").contains("Logged out."))
        peer.send("\u{4}")
        #expect(peer.read(until: "Bye.").contains("Bye."))
        #expect(fixture.audit.recorded.map(\.action).contains(.logout))
    }

    @Test func ptyConsoleConfiguredRawRunsSessionsUntilTheLineGoes() throws {
        let fixture = try ConsoleFixture(clock: SystemMonotonicClock())
        var master: Int32 = -1, slave: Int32 = -1
        #expect(openpty(&master, &slave, nil, nil, nil) == 0)
        try SerialTerminal.configure(fd: slave, baud: 115_200)
        var options = termios()
        #expect(tcgetattr(slave, &options) == 0)
        #expect(cfgetospeed(&options) == speed_t(B115200) && cfgetispeed(&options) == speed_t(B115200))
        #expect(options.c_lflag & tcflag_t(ECHO | ICANON) == 0)
        #expect(options.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8) && options.c_cflag & tcflag_t(PARENB | CSTOPB) == 0)
        #expect(throws: HALError.self) { try SerialTerminal.configure(fd: slave, baud: 12345) }

        let console = try TTYConsole(fd: slave, device: "pty", environment: fixture.environment, style: .dumb)
        let ended = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var ending: ConsoleTransport.Ending?
        Thread.detachNewThread {
            ending = console.run()
            ended.signal()
        }
        let peer = TerminalPeer(fd: master)
        #expect(!peer.read(until: "login: ").isEmpty)
        peer.send("olga\r")
        _ = peer.read(until: "password: ")
        peer.send("secret1\r")
        #expect(peer.read(until: "c1 olga> ").contains("Logged in as olga (operator)."))
        peer.send("stat\tus\r")  // tab completes "status " then "us" makes a second word
        let reply = peer.read(until: "c1 olga> ")
        #expect(!reply.contains("\u{1B}"))
        peer.send("\u{4}\u{4}")  // logout, then leave: a new session starts on the same line
        #expect(!peer.read(until: "Bye.").isEmpty)
        #expect(!peer.read(until: "login: ").isEmpty)
        peer.close()
        #expect(ended.wait(timeout: .now() + 10) == .success)
        #expect(ending != nil && ending != .finished && ending != .stopped)
        close(slave)
    }
}
