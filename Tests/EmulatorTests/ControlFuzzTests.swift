import Emulator
import FlocTestSupport
import Plant
import Testing

/// Random command lines into a real emulator's control: every one is answered `ok` or
/// `error: `, on one line, and the emulator keeps stepping.
@Suite(.enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct ControlFuzzTests {
    static let words = ["fault", "add", "clear", "list", "plant", "get", "set", "status", "help", "all", "silent", "slow",
                        "noise", "exception", "stuck", "drift", "dead", "bit-flip", "trip", "pump-failure", "do1", "do1.oxygen",
                        "blower1", "level1.level", "basin.do", "--for", "--for=", "delay_ms=", "code=", "addresses=", "rate=",
                        "mask=", "offset=", "value=", "table=", "1", "-1", "0", "1e308", "nan", "0x", "2100-2107", "=", "\"",
                        "#1", "é", "\u{0}", "[", "{", "\\"]

    @Test func randomLinesAreAllAnswered() throws {
        let bench = try SimBench()
        defer { bench.stop() }
        let control = EmulatorControl(bench.emulator)
        var random = SeededGenerator(seed: 2026)  // the same lines on every run
        var oks = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 1...7, using: &random)
            let line = (0..<count).map { _ -> String in
                let word = Self.words.randomElement(using: &random)!
                return word.hasSuffix("=") && Bool.random(using: &random) ? word + Self.words.randomElement(using: &random)! : word
            }.joined(separator: Bool.random(using: &random) ? " " : "")
            let answer = control.execute(line)
            #expect(answer.hasPrefix("ok") || answer.hasPrefix("error: "), "\(line) -> \(answer)")
            #expect(!answer.contains("\n"), "\(line) -> \(answer)")
            if answer.hasPrefix("ok") { oks += 1 }
            control.step(by: 0.1)
        }
        #expect(oks > 30, "the generator also makes valid commands")
        #expect(control.execute("status").hasPrefix("ok t="))
    }
}
