import CommandLineSupport
import ArgumentParser
import Emulator

/// `--control-socket`, shared by the commands that talk to a serving floc-sim.
struct ControlSocketOption: ParsableArguments {
    /// Where `floc-sim serve` listens unless told otherwise.
    static let defaultPath = "/tmp/floc-sim/control.sock"

    @Option(name: .customLong("control-socket"), help: "The control socket of the serving floc-sim.")
    var path: String = ControlSocketOption.defaultPath

    /// Sends `command`, prints the answer's text (a list one item a line) to stdout, or the
    /// error to stderr and exits 1.
    func send(_ command: String) throws {
        let answer: String
        do { answer = try ControlClient.send(command, to: path) } catch {
            printError("floc-sim: \(error)")
            throw ExitCode.failure
        }
        if answer.hasPrefix("ok") {
            // Lists come as "N faults: #1 ...; #2 ...": printed one item a line.
            let text = answer.dropFirst(2).drop { $0 == " " }.replacingOccurrences(of: ": #", with: ";#")
            for part in text.split(separator: ";") { printLine(part.trimmingCharacters(in: .whitespaces)) }
        } else {
            printError("floc-sim: " + (answer.hasPrefix("error: ") ? String(answer.dropFirst(7)) : answer))
            throw ExitCode.failure
        }
    }
}
