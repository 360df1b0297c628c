import FlocTestSupport
import Foundation
import HALLinux
import Glibc
import Testing

/// The built `floc` binary, run as a subprocess with a deadline; killed on every path.
struct FlocCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

        /// The table row of `point` (`meter1.oxygen ...`), split into its columns.
        func row(_ point: String) -> String? {
            stdoutLines.last { $0.hasPrefix(point + " ") }
        }
    }

    /// `floc` sits next to the test bundle in the build folder; found from the resource
    /// bundle, the test process's own path, or the default debug folder, in that order.
    static let binary: String? = {
        var candidates = [Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("floc")]
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent("floc"))
        }
        candidates.append(PeerProcess.packageRoot.appendingPathComponent(".build/debug/floc"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { binary != nil }

    /// A fixture of Tests/InteropTests/Fixtures/cli, as an absolute path.
    static func fixture(_ relative: String) -> String {
        PeerProcess.packageRoot.appendingPathComponent("Tests/InteropTests/Fixtures/cli/\(relative)").path
    }

    static func shipped(_ relative: String) -> String {
        PeerProcess.packageRoot.appendingPathComponent("Boards/\(relative)").path
    }

    /// Starts floc; output goes to files so a full pipe can never stall it.
    final class Running {
        let process = Process()
        let out: URL
        let err: URL
        /// Where a `floc run` keeps its retained state unless the test says (`--set retain.path=` or
        /// a `[retain]` table in its unit file):
        /// this run's own folder, never /var/lib/floc, where one test's starts would trip the next
        /// one's restart-loop guard.
        let stateFolder: URL?

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            let stem = FileManager.default.temporaryDirectory.appendingPathComponent("floc-cli-\(UUID().uuidString)")
            out = stem.appendingPathExtension("out")
            err = stem.appendingPathExtension("err")
            var arguments = arguments
            let unitText = arguments.count > 1 ? (try? String(contentsOfFile: arguments[1], encoding: .utf8)) ?? "" : ""
            if arguments.first == "run", !arguments.contains(where: { $0.hasPrefix("retain.path=") }), !unitText.contains("[retain]") {
                let folder = stem.appendingPathExtension("state")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                arguments += ["--set", "retain.path=\(folder.path)/state.db"]
                stateFolder = folder
            } else {
                stateFolder = nil
            }
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: try #require(FlocCommand.binary, "floc binary not built"))
            process.arguments = arguments
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            }
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle.nullDevice
            try process.runWithSignalsUnblocked()
        }

        deinit {
            kill()
            if let stateFolder { try? FileManager.default.removeItem(at: stateFolder) }
        }

        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }

        /// Waits for the exit; after `deadline` seconds, kills floc and records an issue.
        func wait(deadline: Double) -> Result {
            if !PeerProcess.poll(deadline: deadline, { !process.isRunning }) {
                Issue.record("floc \(process.arguments ?? []) still running after \(deadline) s: killed")
                kill()
            }
            process.waitUntilExit()
            let result = Result(status: process.terminationStatus, stdout: stdout,
                                stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
            return result
        }

        func signal(_ number: Int32) {
            if process.isRunning { Glibc.kill(process.processIdentifier, number) }
        }

        func kill() {
            guard process.isRunning else { return }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs floc to completion (or the deadline).
    static func run(_ arguments: [String], deadline: Double = 30) throws -> Result {
        try Running(arguments).wait(deadline: deadline)
    }
}

/// `floc check`: the summary of a shipped unit, and every error of a broken one, line by line.
@Suite("floc check", .enabled(if: FlocCommand.available, "floc binary not built"))
struct FlocCLITests {
    @Test func shippedUnitChecksCleanAndNamesItsBoard() throws {
        let result = try FlocCommand.run(["check", FlocCommand.shipped("units/simulator.toml")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.first == "unit sim-container: Containerised activated-sludge unit on the floc-sim virtual board")
        #expect(result.stdoutLines.contains("board simulator: floc-sim virtual board, scan every 500 ms"))
        #expect(result.stderr.isEmpty)
    }

    @Test func brokenUnitPrintsEveryErrorWithFileLineAndKey() throws {
        let file = FlocCommand.fixture("units/broken.toml")
        let result = try FlocCommand.run(["check", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == [
            "\(file):5: unit.scan_period_ms: 5 is out of range 10...10000 ms",
            "\(file):10: buses.plant.prot: unknown key (did you mean 'port'?)",
            "\(file):13: devices.meter1.profile: undefined profile 'no-such-meter' (no file "
                + "\(FlocCommand.fixture("devices/no-such-meter.toml")))",
            "3 errors",
        ])
    }

    @Test func badOverrideIsReportedAsSetNumber() throws {
        let result = try FlocCommand.run(["check", FlocCommand.fixture("units/tcp-meters.toml"),
                                          "--set", "buses.plant.port=1502", "--set", "buses.plant.port=0"])
        #expect(result.status == 1)
        #expect(result.stderrLines == ["--set #2: buses.plant.port: 0 is out of range 1...65535", "1 error"])
    }

    @Test func unknownSubcommandOptionIsAUsageError() throws {
        let result = try FlocCommand.run(["check", FlocCommand.fixture("units/tcp-meters.toml"), "--bogus"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--bogus"))
    }
}
