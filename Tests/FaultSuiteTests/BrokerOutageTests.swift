import FlocTestSupport
import Foundation
import Testing

/// The broker down for hours, time compressed: the real `floc run` samples its Sparkplug uplink
/// every 10 ms, so a broker (a real mosquitto) stopped for under two minutes leaves at least 3600
/// samples in the queue, as many as one hour at the default 1 s. When the broker returns, every
/// stored sample reaches the independent host (Tests/peers/sparkplug_host.py, the unit's primary
/// host) once, in order, as historical; the scan ran on meanwhile without an overrun burst.
@Suite("fault injection: broker down for hours", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"),
       .enabled(if: SparkplugPeers.available, "mosquitto or the Python peers not installed"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 CLI not installed"))
struct BrokerOutageTests {
    /// One hour of samples at the default sample_interval_ms = 1000.
    static let hourOfSamples = 3600

    struct Scan: Decodable {
        struct Cycle: Decodable { var cycles: UInt64; var overruns: UInt64 }
        var cycle: Cycle?
    }

    func scan(_ plant: PlantUnderControl) -> Scan.Cycle? {
        FileManager.default.contents(atPath: plant.statusPath).flatMap { try? JSONDecoder().decode(Scan.self, from: $0) }?.cycle
    }

    func queued(_ queue: String) -> [Int] {
        KillNineTests.sqlite(queue, "SELECT timestamp_ms FROM records ORDER BY sequence;").split(separator: "\n").compactMap { Int($0) }
    }

    /// Polls every half second (the host's record is re-read each time) for up to `seconds`.
    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(500_000)
        }
        return condition()
    }

    /// Runs floc against the peers, stops the broker until `until` holds for the queue (or 150 s
    /// pass), starts it again; returns what was queued when the broker came back.
    func outage(_ plant: PlantUnderControl, _ peers: SparkplugPeers, queue: String, sets: [String],
                until: ([Int]) -> Bool) throws -> (stored: [Int], seconds: Double, cyclesBefore: UInt64, overrunsBefore: UInt64) {
        try plant.startFloc(sets: peers.uplinkSets + ["uplinks.sparkplug.sample_interval_ms=10",
                                                      "uplinks.sparkplug.queue_path=\(queue)"] + sets)
        #expect(waitFor(30) { peers.values().contains { $0.device == "do1" && !$0.historical } }, "live data first\n\(plant.log)")
        #expect(waitFor(10) { scan(plant) != nil }, "no status with the scan's figures\n\(plant.log)")
        let before = try #require(scan(plant))
        peers.stopBroker()
        let down = Date()
        _ = waitFor(150) { until(queued(queue)) }
        let stored = queued(queue)
        let seconds = Date().timeIntervalSince(down)
        try peers.startBroker()
        return (stored, seconds, before.cycles, before.overruns)
    }

    @Test func everySampleOfAnHourLongOutageArrivesOnceInOrderAsHistorical() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        let peers = try SparkplugPeers(folder: plant.folder)
        defer { peers.stop() }
        let queue = plant.folder + "/telemetry.db"
        let run = try outage(plant, peers, queue: queue, sets: []) { $0.count >= Self.hourOfSamples }
        print("broker down \(Int(run.seconds)) s: \(run.stored.count) samples stored, as many as "
              + String(format: "%.1f h", Double(run.stored.count) / 3600) + " at 1 s")
        #expect(run.stored.count >= Self.hourOfSamples, "the outage stored \(run.stored.count) samples in \(run.seconds) s")
        let highWater = try #require(waitFor(15) { peers.nodeAlias("Queue/HighWater") != nil } ? peers.nodeAlias("Queue/HighWater") : nil)
        // Every sample carries Queue/HighWater, so its historical timestamps are the stored samples'.
        var replayed: [Int] = []
        #expect(waitFor(90) {
            replayed = peers.values().filter { $0.historical && $0.device == nil && $0.alias == highWater }.map(\.timestamp)
            return replayed.count >= run.stored.count
        }, "\(replayed.count) of \(run.stored.count) replayed\n\(plant.log)")
        #expect(Array(replayed.prefix(run.stored.count)) == run.stored, "every stored sample once, in order")
        #expect(zip(replayed, replayed.dropFirst()).allSatisfy { $0 < $1 }, "a sample replayed twice or out of order")
        #expect(waitFor(30) { queued(queue).isEmpty || queued(queue).count < 50 }, "the backlog drains")
        // The scan ran through: cycles at its 500 ms period and no overrun burst.
        let after = try #require(scan(plant))
        #expect(Double(after.cycles - run.cyclesBefore) >= run.seconds / 0.5 * 0.9, "cycles \(run.cyclesBefore) -> \(after.cycles)")
        #expect(after.overruns - run.overrunsBefore < 3, "overruns \(run.overrunsBefore) -> \(after.overruns)")
        #expect(!plant.log.contains("system.scan_overrun"), "\(plant.log)")
        // The host's STATE goes offline with the broker (Sparkplug 3.0: the node ends its session),
        // or the link drops first; either way the reconnect attempts are logged.
        #expect(plant.log.contains("sparkplug: offline") || plant.log.contains("primary host offline"), "the outage is logged\n\(plant.log)")
        #expect(plant.log.contains("MQTT connect") && plant.log.contains("retrying"), "the reconnect attempts are logged\n\(plant.log)")
        #expect(plant.log.components(separatedBy: "sparkplug: connected as").count == 3, "connected before and after\n\(plant.log)")
    }

    @Test func atTheQueueBoundTheHighWaterAlarmRisesAndTheNewestSamplesArrive() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        let peers = try SparkplugPeers(folder: plant.folder)
        defer { peers.stop() }
        let queue = plant.folder + "/telemetry.db"
        let bound = 1000
        // Past the bound: the oldest are dropped; stop once a few hundred more were sampled.
        let dropped = { Int(KillNineTests.sqlite(queue, "SELECT value FROM counters WHERE name = 'dropped';")) ?? 0 }
        let run = try outage(plant, peers, queue: queue, sets: ["uplinks.sparkplug.queue_max_records=\(bound)"]) { _ in dropped() >= 500 }
        #expect(run.stored.count == bound, "the queue holds its bound")
        #expect(dropped() >= 500)
        #expect(plant.log.contains("telemetry backlog high"), "high-water warning\n\(plant.log)")
        let highWater = try #require(waitFor(15) { peers.nodeAlias("Queue/HighWater") != nil } ? peers.nodeAlias("Queue/HighWater") : nil)
        var replayed: [SparkplugPeers.Value] = []
        #expect(waitFor(60) {
            replayed = peers.values().filter { $0.historical && $0.device == nil && $0.alias == highWater }
            return replayed.count >= bound
        }, "\(replayed.count) of \(bound) replayed")
        // Until the replay starts each new sample still pushes the oldest out: what arrives is
        // the newest of those stored, once, in order, then the ones sampled after the snapshot.
        let times = replayed.map(\.timestamp)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "a sample replayed twice or out of order")
        let stored = Set(run.stored)
        let fromSnapshot = times.filter(stored.contains)
        #expect(!fromSnapshot.isEmpty && fromSnapshot == Array(run.stored.suffix(fromSnapshot.count)), "the newest, none skipped")
        #expect(times.drop { stored.contains($0) }.allSatisfy { $0 > run.stored.last ?? 0 }, "then only later samples")
        #expect((times.first ?? 0) > (run.stored.first ?? 0), "the oldest were dropped")
        #expect(replayed.prefix(bound).contains { $0.value as? Bool == true }, "the samples say the queue was at high water")
        #expect(waitFor(30) { plant.log.contains("telemetry backlog back below high water") }, "the alarm clears once drained")
        #expect(waitFor(15) { peers.values().contains { !$0.historical && $0.alias == highWater && $0.value as? Bool == false } },
                "a live Queue/HighWater false after the drain")
    }
}
