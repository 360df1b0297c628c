import FlocTestSupport
import Foundation
import Glibc
import Testing

/// `floc run` with retained state killed with SIGKILL at random points, 50 times: the state
/// database passes `PRAGMA integrity_check` after every kill, and the last acknowledged
/// setpoint (the console answered it AND it is in the database) comes back on the next start.
@Suite("fault injection: kill -9 with retained state", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 CLI not installed"))
struct KillNineTests {
    static let kills = 50
    /// 50 starts within minutes: keep the restart-loop guard (default 5 in 10 min) out of the way.
    static let sets = ["supervision.restart_limit=100"]

    @Test func fiftyKillsLoseNoAcknowledgedSetpointAndNeverCorruptTheDatabase() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        try Self.addUser(plant)
        var random = SeededGenerator(seed: 0xF10C)
        // The unit file's setpoint until a save says otherwise.
        var acknowledged = 2.0
        var lost: [String] = []
        let start = Date()
        for kill in 1...Self.kills {
            try plant.startFloc(sets: Self.sets, console: true)
            // One kill in five lands during start-up: opening the store, the restore, the first save.
            if Int.random(in: 0..<5, using: &random) == 0 {
                usleep(UInt32.random(in: 0...400_000, using: &random))
                plant.stopFloc(SIGKILL)
                let integrity = Self.sqlite(plant.database, "PRAGMA integrity_check;")
                #expect(integrity == "ok", "kill \(kill) at start-up: \(integrity)")
                let saved = Self.savedSetpoint(plant.database)
                if saved != acknowledged && !(saved == nil && kill == 1) {
                    lost.append("kill \(kill) at start-up: saved \(String(describing: saved)), expected \(acknowledged)")
                }
                continue
            }
            var console: ConsoleLine?
            #expect(PeerProcess.poll(deadline: 10) {
                console = ConsoleLine(path: plant.consoleSocket)
                return console != nil
            }, "kill \(kill): console socket\n\(plant.log)")
            let line = try #require(console)
            try #require(line.login("tech", password: "secret123"), "kill \(kill): \(line.received)\n\(plant.log)")
            let restored = PeerProcess.poll(deadline: 5) {
                line.send("show loop aeration1")
                return line.waitFor("loop aeration1 auto sp \(Self.text(acknowledged)) mg/L", seconds: 0.5)
            }
            if !restored { lost.append("start \(kill): saved setpoint \(acknowledged) not restored") }
            var setpoint: Double
            repeat { setpoint = (Double.random(in: 0.5...4.0, using: &random) * 100).rounded() / 100 } while setpoint == acknowledged
            line.send("set sp aeration1 \(Self.text(setpoint))")
            #expect(line.waitFor("aeration1 setpoint \(Self.text(setpoint))"), "kill \(kill): \(line.received)")
            // Half the kills after the save is confirmed, half at a random moment that may cut it.
            var confirmed = false
            if Bool.random(using: &random) {
                confirmed = PeerProcess.poll(deadline: 3) { Self.savedSetpoint(plant.database) == setpoint }
                #expect(confirmed, "kill \(kill): saved within 3 s")
            }
            usleep(UInt32.random(in: 0...600_000, using: &random))
            plant.stopFloc(SIGKILL)
            let integrity = Self.sqlite(plant.database, "PRAGMA integrity_check;")
            #expect(integrity == "ok", "kill \(kill): \(integrity)")
            let saved = Self.savedSetpoint(plant.database)
            // Acknowledged and saved: it must survive; answered but not yet saved: the previous one or it.
            let allowed: [Double?] = confirmed ? [setpoint] : [setpoint, acknowledged] + (kill == 1 ? [nil] : [])
            if !allowed.contains(saved) {
                lost.append("kill \(kill): saved \(String(describing: saved)), expected one of \(allowed)")
            }
            acknowledged = saved ?? acknowledged
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(lost.isEmpty, "\(lost)")
        #expect(seconds < 150, "\(Self.kills) kills took \(seconds) s")
        print("kill -9: \(Self.kills) kills in \(Int(seconds)) s, lost \(lost.count)")
    }

    static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `floc user add tech --role technician` in the fixture's users file.
    static func addUser(_ plant: PlantUnderControl) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(PlantUnderControl.binary("floc")))
        process.arguments = ["user", "add", "tech", "--role", "technician", "--users", plant.usersPath]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("secret123\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "floc user add")
    }

    /// aeration1's setpoint in the retained state, read by the sqlite3 CLI.
    static func savedSetpoint(_ database: String) -> Double? {
        let json = sqlite(database, "SELECT value FROM retained WHERE name = 'aeration1' AND value LIKE '%setpoint%';")
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object["setpoint"] as? NSNumber)?.doubleValue
    }

    /// One statement through the sqlite3 CLI; its output, trimmed.
    static func sqlite(_ database: String, _ statement: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, statement]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        guard (try? process.run()) != nil else { return "sqlite3 did not start" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// SplitMix64: the same kill points on every run, so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
