import Emulator
import FlocTestSupport
import Foundation
import Glibc
import HALLinux
import Testing

/// The built `floc-sim serve` (the container plant, TCP on a kernel-chosen port, RTU on a pty
/// and the control socket in a private folder) and the built `floc run` against it, with its
/// status file, retained state and stderr log in the same folder. Every process it starts is
/// stopped by `stop()`, by pid.
final class PlantUnderControl {
    static let root = PeerProcess.packageRoot.path
    /// Failures seen within a second, recoveries within a second or two, bad DO acted on after 2 s.
    static let quick = ["do1", "ph1", "level1", "io1", "blower1", "airflow1"].flatMap {
        ["devices.\($0).timeout_ms=300", "devices.\($0).backoff_min_ms=100", "devices.\($0).backoff_max_ms=300",
         "devices.\($0).poll_fast_ms=250"]
    } + ["loops.aeration1.bad_do_delay_s=2"]

    let folder: String
    let sim: PeerProcess
    let tcpPort: Int
    private(set) var floc: Process?
    private var flocStarts = 0
    var socketPath: String { folder + "/control.sock" }
    var statusPath: String { folder + "/status.json" }
    var database: String { folder + "/state.db" }
    var consoleSocket: String { folder + "/console.sock" }
    var usersPath: String { folder + "/users.json" }
    var logPath: String { folder + "/floc-\(flocStarts).log" }

    /// Serves the plant; `serve` are more `floc-sim serve` arguments (e.g. `--speed 10`).
    init(serve: [String] = []) throws {
        folder = "/tmp/floc-faults-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let unitText = try String(contentsOfFile: "\(Self.root)/Boards/units/simulator.toml", encoding: .utf8)
            .replacingOccurrences(of: "port = \"rs485-0\"", with: "device = \"\(folder)/rs485-0\"")
        try unitText.write(toFile: folder + "/unit.toml", atomically: true, encoding: .utf8)
        let plantText = try String(contentsOfFile: "\(Self.root)/Simulator/plants/container.toml", encoding: .utf8)
            .replacingOccurrences(of: "unit = \"../../Boards/units/simulator.toml\"",
                                  with: "unit = \"\(folder)/unit.toml\"\nboards = \"\(Self.root)/Boards\"")
        try plantText.write(toFile: folder + "/container.toml", atomically: true, encoding: .utf8)
        let sim = try PeerProcess(try #require(Self.binary("floc-sim")),
                                  ["serve", folder + "/container.toml", "--tcp-port", "0", "--duration", "600",
                                   "--summary-every", "0", "--control-socket", folder + "/control.sock"] + serve)
        self.sim = sim
        do {
            let ready = try #require(PeerControl.readLine(sim.outputPipe.fileHandleForReading, deadline: 20),
                                     "no ready line: \(sim.errorOutput)")
            tcpPort = try #require(ready.split(separator: ";").compactMap { part -> Int? in
                part.contains("TCP 127.0.0.1:") ? Int(part.split(separator: ":").last!) : nil
            }.first, "\(ready)")
        } catch {
            sim.stop()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    deinit { stop() }

    /// The built executable `name` next to the test bundle, else in .build/debug.
    static func binary(_ name: String) -> String? {
        var url = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        var candidates: [String] = []
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            candidates.append(url.appendingPathComponent(name).path)
        }
        candidates.append(PeerProcess.packageRoot.appendingPathComponent(".build/debug/\(name)").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `floc run` on the unit against this plant: quick timeouts, retained state in the
    /// folder, `sets` as more `--set` overrides; the console on a private socket when `console`.
    func startFloc(sets: [String] = [], console: Bool = false, prefix: [String] = []) throws {
        precondition(floc?.isRunning != true, "one floc at a time")
        flocStarts += 1
        let overrides = Self.quick + ["buses.plant.port=\(tcpPort)", "retain.path=\(database)"] + sets
        var arguments = ["run", folder + "/unit.toml", "--boards", Self.root + "/Boards", "--status-file", statusPath]
        arguments += console ? ["--console-socket", consoleSocket, "--users", usersPath] : ["--no-console"]
        arguments += overrides.flatMap { ["--set", $0] }
        let process = Process()
        let flocPath = try #require(Self.binary("floc"))
        if prefix.isEmpty {
            process.executableURL = URL(fileURLWithPath: flocPath)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [flocPath] + arguments
        }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try? FileManager.default.removeItem(atPath: statusPath)
        try process.runWithSignalsUnblocked()
        floc = process
    }

    /// Sends `signal` to the floc this fixture started and waits up to `deadline` s for it to
    /// end (SIGKILL after that); its exit status, and the seconds it took.
    @discardableResult
    func stopFloc(_ signal: Int32 = SIGTERM, deadline: Double = 10) -> (status: Int32, seconds: Double) {
        guard let floc, floc.isRunning else { return (floc?.terminationStatus ?? 0, 0) }
        let start = Date()
        kill(floc.processIdentifier, signal)
        if !PeerProcess.poll(deadline: deadline, { !floc.isRunning }) { kill(floc.processIdentifier, SIGKILL) }
        floc.waitUntilExit()
        return (floc.terminationStatus, Date().timeIntervalSince(start))
    }

    func stop() {
        stopFloc(SIGKILL)
        sim.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// floc's stderr (its event log) since its last start.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// One command on floc-sim's control socket; the answer line.
    func control(_ command: String) throws -> String { try ControlClient.send(command, to: socketPath) }

    /// A plant signal's value (`plant get`): what floc wrote to a drive or relay, or the process.
    func plantValue(_ signal: String) -> Double? {
        guard let answer = try? control("plant get \(signal)"), answer.hasPrefix("ok \(signal) = ") else { return nil }
        return Double(answer.dropFirst("ok \(signal) = ".count).prefix { $0 != " " })
    }

    /// The latest status floc wrote (`floc status --json` prints the same document).
    func status() -> FlocStatus? {
        guard let data = FileManager.default.contents(atPath: statusPath) else { return nil }
        return try? JSONDecoder().decode(FlocStatus.self, from: data)
    }

    /// Waits up to `seconds` for a status satisfying `condition`; the last status read.
    func waitStatus(within seconds: Double, _ condition: (FlocStatus) -> Bool) -> (met: Bool, last: FlocStatus?) {
        var last: FlocStatus?
        let met = PeerProcess.poll(deadline: seconds) {
            last = status() ?? last
            return last.map(condition) ?? false
        }
        return (met, last)
    }
}

/// The part of `floc status --json` the suite checks.
struct FlocStatus: Decodable {
    struct Loop: Decodable { var name: String; var sp: Double; var out: Double; var mode: String; var safe_because: String? }
    struct Alarm: Decodable { var name: String; var state: String }
    struct Point: Decodable { var name: String; var value: Double?; var quality: String }
    var written_ms: Int64
    var loops: [Loop]
    var alarms: [Alarm]
    var points: [Point]

    func point(_ name: String) -> Point? { points.first { $0.name == name } }
    func loop(_ name: String) -> Loop? { loops.first { $0.name == name } }
    func alarm(_ name: String) -> Alarm? { alarms.first { $0.name == name } }
}
