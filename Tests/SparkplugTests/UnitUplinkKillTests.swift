import FlocTestSupport
import Foundation
import Glibc
import Testing
import UnitTelemetry

/// kill -9 of a unit sampling through its Sparkplug uplink while the broker is down, then a
/// restart with the broker back: every sample the killed process had stored arrives, once, as
/// historical, in order. The test re-runs its own binary (filtered to this test) as the unit,
/// which prints `stored <timestamp>` after each sample was committed to the queue.
@Suite(.serialized, .enabled(if: MosquittoBroker.available && PeerProcess.pythonAvailable))
struct UnitUplinkKillTests {
    static let childVariable = "FLOC_UPLINK_CHILD"

    @Test func samplesStoredBeforeKill9AreReplayedAfterRestart() throws {
        if let spec = ProcessInfo.processInfo.environment[Self.childVariable] {
            let parts = spec.split(separator: "|").map(String.init)
            try Self.sampleUntilKilled(port: Int(parts[0])!, queuePath: parts[1])
        }
        let port = PeerProcess.freePort()
        let queuePath = NSTemporaryDirectory() + "floc-uplink-kill-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: queuePath + suffix) } }
        let output = ChildLines()
        let child = try TestChild.start(test: "UnitUplinkKillTests/samplesStoredBeforeKill9AreReplayedAfterRestart",
                                        variable: Self.childVariable, value: "\(port)|\(queuePath)",
                                        output: output.pipe).process
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        var stored: [Int] { output.numbers(after: "stored ").map { Int($0) } }
        #expect(PeerProcess.poll(deadline: 60) { output.drain(); return stored.count >= 20 })
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        output.drain()
        #expect(child.terminationReason == .uncaughtSignal)
        let reported = stored
        try #require(reported.count >= 20)

        let broker = try MosquittoBroker(port: port)
        let host = try SparkplugHost(broker: broker, primaryHost: "scada")
        let unit = try UnitUplinkFixture(port: port, primaryHost: "scada", queuePath: queuePath, keepQueue: true)
        try unit.service.start(sampling: false)
        #expect(PeerProcess.poll(deadline: 30) {
            Set(host.values(device: "do1", metric: "oxygen").map(\.timestamp)).isSuperset(of: reported)
        })
        let oxygen = host.values(device: "do1", metric: "oxygen")
        let timestamps = oxygen.map(\.timestamp).filter(Set(reported).contains)
        #expect(timestamps == reported, "every sample stored before the kill, once, in order")
        #expect(oxygen.allSatisfy { $0.historical })
    }

    /// The child's side: the broker is down; sample until killed, reporting each committed sample.
    private static func sampleUntilKilled(port: Int, queuePath: String) throws -> Never {
        let unit = try UnitUplinkFixture(port: port, primaryHost: "scada", queuePath: queuePath, keepQueue: true)
        try unit.service.start(sampling: false)
        var value = 1.0
        while true {
            value += 0.1
            unit.set(oxygen: value)
            unit.scan()
            let timestamp = unit.sample()
            FileHandle.standardOutput.write(Data("stored \(timestamp)\n".utf8))
        }
    }
}
