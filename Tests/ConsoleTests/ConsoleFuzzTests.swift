import Testing
import HAL
@testable import Console

/// A deterministic generator (SplitMix64) so a failing fuzz run can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ConsoleFuzzTests {
    /// Random bytes, biased towards escape sequences and editing keys.
    static func noise(_ count: Int, _ generator: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = [[0x1B], Array("\u{1B}[".utf8), Array("\u{1B}O".utf8), Array("\u{1B}[3~".utf8),
                                 [0x7F], [0x09], [0x0D], [0x0A], [0x03], [0x04], [0x15], [0x17]]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            if Int.random(in: 0..<4, using: &generator) == 0 {
                bytes += pieces.randomElement(using: &generator)!
            } else {
                bytes.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        return bytes
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func editorKeepsItsBoundsOnRandomBytes(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        for style in TerminalStyle.allCases {
            var editor = LineEditor(style: style, limit: 64, historyLimit: 10)
            for byte in Self.noise(50_000, &generator) {
                _ = editor.feed(byte) { _ in ["alpha", "alpine", "beta"] }
                #expect(editor.buffer.count <= 64 && editor.cursor <= editor.characters.count)
                #expect(editor.characters.allSatisfy(KeyDecoder.isPrintable))
                if editor.output.count > 4096 { _ = editor.takeOutput() }
            }
            #expect(editor.history.count <= 10)
            if style == .dumb { #expect(!editor.takeOutput().contains(0x1B)) }
        }
    }

    @Test(arguments: [7, 8] as [UInt64])
    func sessionNeverLogsInAndStaysBoundedUnderAMegabyteOfNoise(seed: UInt64) throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(outputCapacity: 8192))
        var generator = SeededGenerator(state: seed)
        var session = fixture.session()
        var sessions = 1
        for _ in 0..<256 {
            session.receive(Self.noise(4096, &generator))
            #expect(session.user == nil)
            #expect(session.output.bytes.count <= 8192)
            #expect(session.editor.buffer.count <= 256)
            if Bool.random(using: &generator) { session.consumeOutput(session.output.bytes.count) }
            if session.isFinished {
                session = fixture.session()
                sessions += 1
            }
        }
        #expect(fixture.audit.recorded.allSatisfy { $0.action == .loginFailed || $0.action == .command })
        // Still answers afterwards.
        let fresh = fixture.session()
        fresh.login("olga")
        #expect(fresh.type("whoami\r").contains("olga, role operator"))
        #expect(sessions >= 1)
    }

    @Test func aMegabyteLineIsCutAtTheLimitWithOneBell() throws {
        let fixture = try ConsoleFixture(settings: ConsoleSettings(allowsAnonymousViewer: true))
        let session = fixture.session()
        _ = session.drain()
        session.receive([UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20))
        #expect(session.editor.buffer.count == 256)
        let echoed = session.drain()
        #expect(echoed.filter { $0 == "\u{7}" }.count == 1)
        #expect(session.type("\r").contains("Unknown command"))
    }

    @Test func slowPeersGetATruncationMarkerNotUnboundedOutput() {
        var buffer = OutputBuffer(capacity: 100)
        for _ in 0..<50 { buffer.append(Array("0123456789".utf8)) }
        #expect(buffer.bytes.count <= 100 && buffer.isTruncating && buffer.droppedCount > 0)
        buffer.consume(buffer.bytes.count)
        #expect(buffer.bytes == OutputBuffer.marker)
        buffer.append(Array("next".utf8))
        #expect(buffer.bytes == OutputBuffer.marker + Array("next".utf8))
    }
}
