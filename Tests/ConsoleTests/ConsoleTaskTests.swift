import HAL
import Testing
@testable import Console

/// Requests that keep running (a calibration point): polled at the watch interval, one progress
/// line, a key cancels, the end is audited.
@Suite struct ConsoleTaskTests {
    @Test func aTaskIsPolledUntilItFinishesThenThePromptReturns() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        session.login("alice")
        let started = session.type("calibrate ph ph1 point 2\r")
        #expect(started.hasSuffix("\r\u{1B}[Kwaiting 1"), "\(started)")
        #expect(!started.contains("c1 alice>"), "no prompt while waiting")
        #expect(session.nextDeadline == fixture.clock.now + .seconds(1))
        fixture.clock.advance(by: .seconds(1))
        session.tick()
        #expect(session.drain() == "\r\u{1B}[Kwaiting 0")
        fixture.clock.advance(by: .seconds(1))
        session.tick()
        #expect(session.drain() == "\r\u{1B}[Kpoint recorded\r\nc1 alice> ")
        #expect(fixture.audit.recorded.last?.detail == "calibrate ph ph1 point 2")
        #expect(fixture.audit.recorded.last?.result == "ok")
    }

    @Test func aKeyCancelsTheTask() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session(style: .dumb)
        session.login("alice")
        #expect(session.type("calibrate ph ph1 point 5\r").hasSuffix("waiting 4\r\n"))
        let cancelled = session.type("x")
        #expect(cancelled == "Cancelled.\r\npoint not recorded\r\nc1 alice> ", "\(cancelled)")
        #expect(fixture.audit.recorded.last?.result == "cancelled")
        // The key that cancelled is not typed into the next line.
        #expect(session.editor.line == "")
    }

    @Test func theLFOfACRLFArrivingAloneDoesNotCancel() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session(style: .dumb)
        session.login("alice")
        session.type("calibrate ph ph1 point 5\r")
        #expect(session.type("\n") == "")
        #expect(session.task != nil)
        #expect(session.type("\u{3}").hasPrefix("Cancelled."))
    }

    @Test func aDumbTerminalGetsAProgressLineOnlyWhenItChanges() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session(style: .dumb)
        session.login("alice")
        let first = session.type("calibrate ph ph1 point 3\r")
        #expect(!first.contains("\u{1B}"))
        fixture.clock.advance(by: .seconds(1))
        session.tick()
        #expect(session.drain() == "waiting 1\r\n")
    }

    @Test func idleLogoutCancelsTheTask() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(idleTimeout: .seconds(30)))
        let session = fixture.session()
        session.login("alice")
        session.type("calibrate ph ph1 point 1000\r")
        for _ in 0..<31 {
            fixture.clock.advance(by: .seconds(1))
            session.tick()
        }
        let text = session.drain()
        #expect(text.contains("point not recorded") && text.contains("Idle too long"), "\(text)")
        #expect(session.user == nil)
    }
}
