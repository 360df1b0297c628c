import Testing
@testable import Console

/// What a technician new to Floc finds from `help` alone, and names typed in Chinese.
@Suite struct ConsoleGuidanceTests {
    @Test func helpExplainsTheGuidedCommands() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session(style: .dumb)
        session.login("alice")
        let list = session.type("help\r")
        #expect(list.contains("  calibrate ph|do <instrument> [start|point <value>|status|accept|cancel] Guided calibration"))
        #expect(list.contains("  probe <device>"))
        #expect(list.contains("autotune <loop> [start [amplitude]|status|abort|accept]") && list.contains("[needs engineer]"))
        let calibrate = session.type("help calibrate\r")
        #expect(calibrate.contains("point <value>: the probe sits in a buffer (pH) or in air/zero (DO)"), "\(calibrate)")
        #expect(calibrate.contains("Role: technician or above."))
        session.type("lang zh\r")
        #expect(session.type("help autotune\r").contains("进度：show loop <回路>"))
    }

    @Test func aUserWithAChineseNameIsAddedAndLogsIn() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session(style: .dumb)
        session.login("erik")
        let added = session.type("users add 王伟 operator\r") + session.type("secret99\r") + session.type("secret99\r")
        #expect(added.contains("User 王伟 added."), "\(added)")
        session.type("logout\r")
        session.type("王伟\r")
        #expect(session.type("secret99\r").contains("Logged in as 王伟 (operator)."))
        #expect(session.type("whoami\r").contains("王伟, role operator"))
        // Look-alike letters of other scripts stay out.
        session.type("logout\r")
        session.login("erik")
        #expect(session.type("users add аlice operator\r").contains("Refused"), "Cyrillic а")
    }
}
