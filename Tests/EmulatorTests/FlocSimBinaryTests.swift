import FlocTestSupport
import Foundation
import HALLinux
import Glibc
import Testing

/// The built `floc-sim` binary serving the shipped scenario with the table plant (TCP on a
/// kernel-chosen port, RTU on a pty in /tmp), probed by the built `floc` binary, stopped by pid.
@Suite("floc-sim binary", .serialized,
       .enabled(if: BuiltBinary.path("floc-sim") != nil && BuiltBinary.path("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct FlocSimBinaryTests {
    static let root = PeerProcess.packageRoot.path

    @Test func checkAcceptsTheShippedScenariosWithBothPlants() throws {
        let result = try BuiltBinary.run("floc-sim", ["check", "\(Self.root)/Simulator/Scenarios/sim-container.toml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("plant model 'container' (23 signals), 26 bindings"), "\(result.stdout)")
        let plantFile = try BuiltBinary.run("floc-sim", ["check", "\(Self.root)/Simulator/plants/container.toml"])
        #expect(plantFile.status == 0, "\(plantFile.stderr)")
        #expect(plantFile.stdout.contains("ok: unit sim-container, plant model 'container' (23 signals), 26 bindings, 12 constants, 0 faults"),
                "\(plantFile.stdout)")
        let table = try BuiltBinary.run("floc-sim", ["check", "\(Self.root)/Simulator/Scenarios/faults-demo.toml", "--plant", "table"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("6 faults"))
    }

    @Test func checkNamesTheLineOfAWrongBinding() throws {
        let folder = try BuiltBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenario = """
        [scenario]
        name = "typo"
        unit = "\(Self.root)/Boards/units/simulator.toml"
        [plant]
        model = "table"
        [bindings]
        "do1.oxygne" = "basin.do"
        """
        try scenario.write(toFile: folder + "/typo.toml", atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run("floc-sim", ["check", folder + "/typo.toml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("typo.toml:7: bindings.\"do1.oxygne\": device do1 (aqualabo-optod) has no point 'oxygne'"),
                "\(result.stderr)")
    }

    @Test func serveAnswersFlocProbeOverTCPAndRTU() throws {
        let folder = try BuiltBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The unit with its RTU bus on a private pty path, and the shipped scenario pointing at it.
        try ServedPlant.writeUnit(to: folder)
        let scenarioText = try String(contentsOfFile: "\(Self.root)/Simulator/Scenarios/sim-container.toml", encoding: .utf8)
            .replacingOccurrences(of: "unit = \"../../Boards/units/simulator.toml\"",
                                  with: "unit = \"\(folder)/unit.toml\"\nboards = \"\(Self.root)/Boards\"")
            .replacingOccurrences(of: "file = \"../plants/container.toml\"", with: "file = \"\(Self.root)/Simulator/plants/container.toml\"")
        try scenarioText.write(toFile: folder + "/scenario.toml", atomically: true, encoding: .utf8)

        let sim = try PeerProcess(try #require(BuiltBinary.path("floc-sim")),
                                  ["serve", folder + "/scenario.toml", "--plant", "table", "--tcp-port", "0", "--duration", "60",
                                   "--control-socket", folder + "/control.sock"])
        defer { sim.stop() }
        let ready = try #require(BuiltBinary.readLine(sim.outputPipe.fileHandleForReading, deadline: 20),
                                 "no ready line: \(sim.errorOutput)")
        #expect(ready.hasPrefix("floc-sim: serving sim-container (6 devices, plant model 'table'"), "\(ready)")
        #expect(ready.hasSuffix("RTU \(folder)/rs485-0; control \(folder)/control.sock"), "\(ready)")
        let port = try #require(ready.split(separator: ";").compactMap { part -> Int? in
            part.contains("TCP 127.0.0.1:") ? Int(part.split(separator: ":").last!) : nil
        }.first)
        let probe = try BuiltBinary.run("floc", ["probe", folder + "/unit.toml", "--boards", "\(Self.root)/Boards",
                                                 "--set", "buses.plant.port=\(port)"])
        #expect(probe.status == 0, "\(probe.stderr)")
        for row in ["do1.oxygen 2.1 mg/L good", "ph1.ph 7.2 pH good", "level1.level 2.4 m good",
                    "blower1.actual_speed 62 % good", "airflow1.flow 310 Nm3/h good", "io1.input1 1 good"] {
            let name = String(row.split(separator: " ")[0])
            let line = probe.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            #expect(line.map { $0.split(separator: " ").joined(separator: " ") } == row, "\(probe.stdout)")
        }
        let pid = sim.pid
        sim.stop()
        #expect(kill(pid, 0) != 0, "floc-sim still running")
        #expect(!FileManager.default.fileExists(atPath: folder + "/rs485-0"), "the pty link outlived floc-sim")
    }
}

/// Binaries of this package in the build folder, run with deadlines.
enum BuiltBinary {
    static func path(_ name: String) -> String? {
        var candidates: [URL] = []
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent(name))
        }
        candidates.append(PeerProcess.packageRoot.appendingPathComponent(".build/debug/\(name)"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `name` to completion (killed after `deadline` seconds); output through files so
    /// a full pipe cannot stall it.
    static func run(_ name: String, _ arguments: [String], deadline: Double = 60) throws -> Result {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path(name)))
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/err"))
        try process.runWithSignalsUnblocked()
        if !PeerProcess.poll(deadline: deadline, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? "")
    }

    static func temporaryFolder() throws -> String {
        let folder = "/tmp/floc-sim-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// One line from `handle` within `deadline` seconds (polled, never an open-ended read).
    static func readLine(_ handle: FileHandle, deadline: Double) -> String? {
        var buffer = Data()
        let end = Date().addingTimeInterval(deadline)
        while Date() < end {
            var pfd = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(handle.fileDescriptor, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return String(decoding: buffer, as: UTF8.self) }
            buffer.append(byte)
        }
        return nil
    }
}
