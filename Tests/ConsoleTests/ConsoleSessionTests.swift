import Testing
import HAL
@testable import Console

@Suite struct ConsoleSessionTests {
    @Test func loginIsRequiredAndThePasswordNeverEchoes() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        #expect(session.drain().hasSuffix("login: "))
        #expect(session.type("status\r").hasSuffix("password: "))
        #expect(session.user == nil)
        #expect(session.type("wrong\r").contains("Login incorrect."))
        #expect(session.type("alice\r").hasSuffix("password: "))
        let answer = session.type("secret1\r")
        #expect(!answer.contains("secret1"))
        #expect(answer.contains("Logged in as alice (technician)."))
        #expect(session.user == ConsoleUser(name: "alice", role: .technician))
        #expect(fixture.audit.recorded.map(\.action) == [.loginFailed, .login])
        #expect(fixture.audit.recorded.allSatisfy { !$0.description.contains("secret1") })
    }

    @Test func whoamiHelpAndLogout() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("olga")
        _ = session.drain()
        #expect(session.type("whoami\r").contains("olga, role operator, on test."))
        let help = session.type("help\r")
        #expect(help.contains("status"))
        #expect(help.contains("calibrate") && help.contains("[needs technician]"))
        #expect(session.type("help set\r").contains("Usage: set sp <loop> <value>"))
        #expect(session.type("logout\r").contains("Logged out."))
        #expect(session.drain().isEmpty)
        #expect(session.user == nil)
        #expect(fixture.audit.recorded.map(\.action).suffix(2) == [.logout, .command])
    }

    @Test(arguments: [
        ("olga", "out do1 50", "'out' needs the technician role; you are operator."),
        ("olga", "calibrate ph ph1", "'calibrate' needs the technician role; you are operator."),
        ("alice", "autotune do1", "'autotune' needs the engineer role; you are technician."),
        ("alice", "users", "'users' needs the engineer role; you are technician."),
        ("olga", "probe ph1", "'probe' needs the technician role; you are operator."),
        ("olga", "hold ph1", "'hold' needs the technician role; you are operator."),
        ("alice", "autotune do1 accept", "'autotune' needs the engineer role; you are technician."),
    ])
    func commandsAboveTheRoleAreRefusedWithTheReason(user: String, line: String, reason: String) throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login(user)
        #expect(session.type(line + "\r").contains(reason))
        #expect(fixture.unit.requests.withLock { $0.isEmpty })
        #expect(fixture.audit.recorded.last?.result.hasPrefix("refused: needs") == true)
    }

    @Test func changesGoToTheBackendAsTheUserAndRefusalsShow() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("alice")
        #expect(session.type("set sp do1 2.5\r").contains("accepted"))
        #expect(session.type("set sp do1 12\r").contains("Refused: setpoint above 10 mg/L"))
        #expect(session.type("set sp do1 nan\r").contains("Usage: set sp <loop> <value>"))
        session.type("calibrate ph ph1 point 7.00\r")
        let requests = fixture.unit.requests.withLock { $0 }
        #expect(requests.map(\.0) == [.setpoint(loop: "do1", value: 2.5), .setpoint(loop: "do1", value: 12),
                                      .calibrate(.ph, instrument: "ph1", .point(7))])
        #expect(requests.allSatisfy { $0.1.name == "alice" })
        #expect(fixture.audit.recorded.contains { $0.detail == "set sp do1 12" && $0.result.contains("above 10") })
    }

    @Test func unknownCommandSuggestsAndIsAuditedWithoutItsText() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("alice")
        #expect(session.type("stauts\r").contains("Did you mean: status?"))
        #expect(fixture.audit.recorded.last?.detail == "(unknown command)")
    }

    @Test func languageSwitchesPerSession() throws {
        let fixture = try ConsoleFixture()
        let first = fixture.session()
        let second = fixture.session()
        first.login("alice")
        second.login("olga")
        #expect(first.type("lang zh\r").contains("语言：简体中文。"))
        #expect(first.type("frob\r").contains("未知命令 'frob'"))
        #expect(second.type("frob\r").contains("Unknown command 'frob'"))
        #expect(first.type("lang en\r").contains("Language: English."))
    }

    @Test func completionOffersCommandsThenArguments() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("olga")
        session.type("sta\t")
        #expect(session.editor.line == "status ")
        session.type("\u{15}mode d\t")
        #expect(session.editor.line == "mode do")
        session.type("1 ca\t")
        #expect(session.editor.line == "mode do1 cascade ")
        session.type("\u{15}cal\t")
        #expect(session.editor.line == "cal", "calibrate is not offered to an operator")
    }

    @Test func quotingKeepsBlanksAndBadQuotesAreRefused() throws {
        #expect(try CommandLineParser.words(#"show loop "aeration 1" 'a b' c\ d"#) == ["show", "loop", "aeration 1", "a b", "c d"])
        #expect(throws: CommandLineParser.Failure.unterminatedQuote) { try CommandLineParser.words(#"show "x"#) }
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("alice")
        #expect(session.type("show loop \"x\r").contains("Unterminated quote"))
    }

    @Test func idleUsersAreLoggedOut() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(idleTimeout: .seconds(600)))
        let session = fixture.session()
        session.login("alice")
        fixture.clock.advance(by: .seconds(599))
        session.tick()
        #expect(session.user != nil)
        fixture.clock.advance(by: .seconds(1))
        session.tick()
        #expect(session.user == nil)
        #expect(session.drain().contains("Idle too long: logged out."))
        #expect(fixture.audit.recorded.last?.action == .idleLogout)
    }

    @Test func watchRefreshesAtABoundedRateUntilAKey() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(allowsAnonymousViewer: true,
                                                                   watchInterval: .milliseconds(10)))
        let session = fixture.session()
        #expect(session.type("watch do1.pv\r").contains("do1.pv = 1.0"))
        #expect(session.nextDeadline == fixture.clock.now + .milliseconds(500))
        session.tick()
        #expect(session.drain().isEmpty, "no frame before the interval")
        fixture.clock.advance(by: .milliseconds(500))
        session.tick()
        #expect(session.drain().contains("do1.pv = 1.0"))
        #expect(session.type("x").hasSuffix("c1 -> "))
        fixture.clock.advance(by: .seconds(1))
        session.tick()
        #expect(session.drain().isEmpty)
    }

    @Test func anonymousViewerMayReadButNotChange() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(allowsAnonymousViewer: true))
        let session = fixture.session()
        #expect(session.type("status\r").contains("DO1 SP 2.00"))
        #expect(session.type("ack all\r").contains("'ack' needs the operator role; you are viewer."))
        #expect(session.type("passwd\r").contains("Not logged in."))
    }

    @Test func passwdChangesThePasswordWithoutEchoingIt() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("alice")
        let answer = session.type("passwd\rsecret1\rnewpass9\rnewpass9\r")
        #expect(answer.contains("Password changed."))
        #expect(!answer.contains("newpass9"))
        #expect(fixture.users.verify(name: "alice", password: "newpass9") != nil)
        #expect(fixture.users.verify(name: "alice", password: "secret1") == nil)
    }

    @Test func dumbSessionsWriteNoEscapes() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(allowsAnonymousViewer: true))
        let session = fixture.session(style: .dumb)
        let text = session.type("stat\u{1B}[D\u{1B}[Cus\u{1}\u{1B}[3~s\rwatch do1.pv\r")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("DO1 SP"))
    }
}
