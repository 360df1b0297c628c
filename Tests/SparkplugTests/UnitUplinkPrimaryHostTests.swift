import Config
import FlocTestSupport
import Foundation
import Telemetry
import Testing
import UnitTelemetry

/// Sparkplug 3.0 Primary Host behaviour of the unit's uplink, against a real mosquitto and the
/// Python host acting as primary host `scada`.
@Suite(.serialized, .enabled(if: MosquittoBroker.available && PeerProcess.pythonAvailable))
struct UnitUplinkPrimaryHostTests {
    static func nbirths(_ host: SparkplugHost) -> [[String: Any]] { host.messages().ofType("NBIRTH") }

    /// Host offline: NDEATH (from the node, with the session's bdSeq), a new MQTT session, no births;
    /// the samples taken meanwhile are queued. Host online: births with the next bdSeq, then every
    /// queued sample once, historical, in order.
    @Test(arguments: [SparkplugUplinkConfig.MQTTVersion.v3_1_1, .v5])
    func anOfflineHostEndsTheSessionAndItsReturnStartsTheNext(version: SparkplugUplinkConfig.MQTTVersion) throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, primaryHost: "scada", version: version == .v5 ? .v5 : .v311)
        let unit = try UnitUplinkFixture(port: broker.port, primaryHost: "scada", version: version)
        try unit.service.start(sampling: false)
        try #require(UnitUplinkTests.births(host.waitFor { UnitUplinkTests.births($0) }))
        let firstBdSeq = try #require(Self.nbirths(host).first?.bdSeq)
        unit.set(oxygen: 1.0)
        unit.scan()
        let live = unit.sample()
        #expect(PeerProcess.poll(deadline: 5) { (try? unit.service.queue.count()) == 0 })
        let connects = broker.log().components(separatedBy: "as floc-Floc-sim-container").count

        try host.send(["cmd": "state", "online": false])
        let death = host.waitFor { !$0.ofType("NDEATH").isEmpty }.ofType("NDEATH").first
        #expect(death?.bdSeq == firstBdSeq, "NDEATH of the session the host saw born")
        // A new CONNECT, and the node waits: connected, not publishing.
        #expect(PeerProcess.poll(deadline: 10) {
            broker.log().components(separatedBy: "as floc-Floc-sim-container").count > connects && unit.service.uplink.node.isOnline
        })
        #expect(!unit.service.uplink.node.isPublishing)
        var meanwhile: [UInt64] = []
        for i in 1...3 {
            unit.set(oxygen: 1.0 + Double(i) * 0.5)
            unit.scan()
            meanwhile.append(unit.sample())
        }
        #expect(!PeerProcess.poll(deadline: 1) { Self.nbirths(host).count > 1 }, "births while the host is offline")
        #expect(try unit.service.queue.count() == 3)

        try host.send(["cmd": "state", "online": true])
        #expect(PeerProcess.poll(deadline: 15) {
            host.values(device: "do1", metric: "oxygen").filter(\.historical).count >= 3
        })
        let births = Self.nbirths(host)
        #expect(births.count == 2)
        #expect(births.last?.bdSeq == (firstBdSeq + 1) % 256, "the new session's births carry the next bdSeq")
        let oxygen = host.values(device: "do1", metric: "oxygen")
        #expect(oxygen.filter(\.historical).map(\.timestamp) == meanwhile.map { Int($0) }, "every sample once, in order")
        #expect(oxygen.filter { !$0.historical }.map(\.timestamp) == [Int(live)])
        let messages = host.messages()
        let secondBirth = messages.lastIndex { $0["type"] as? String == "NBIRTH" } ?? 0
        let death2 = messages.firstIndex { $0["type"] as? String == "NDEATH" } ?? 0
        let firstHistorical = messages.firstIndex { $0.metricList.contains { $0["is_historical"] as? Bool == true } } ?? -1
        #expect(death2 < secondBirth && secondBirth < firstHistorical)
        #expect(messages.ofType("NDEATH").count == 1, "the will was sent too: the node did not DISCONNECT")
        #expect(PeerProcess.poll(deadline: 5) { (try? unit.service.queue.count()) == 0 })
    }

    /// A STATE older than the last accepted one changes nothing; the 2.2 texts still work.
    @Test func staleStatesAreIgnoredAndLegacyTextsAccepted() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, primaryHost: "scada")
        let unit = try UnitUplinkFixture(port: broker.port, primaryHost: "scada")
        try unit.service.start(sampling: false)
        try #require(UnitUplinkTests.births(host.waitFor { UnitUplinkTests.births($0) }))
        let node = unit.service.uplink.node

        try host.send(["cmd": "state", "online": false, "timestamp": 1000])
        #expect(PeerProcess.poll(deadline: 5) { node.ignoredStaleStates == 1 })
        #expect(node.isPublishing)
        #expect(host.messages().ofType("NDEATH").isEmpty)

        let offline = Array("OFFLINE".utf8).map { String(format: "%02x", $0) }.joined()
        try host.send(["cmd": "raw", "topic": "spBv1.0/STATE/scada", "hex": offline])
        #expect(!host.waitFor { !$0.ofType("NDEATH").isEmpty }.ofType("NDEATH").isEmpty)
        #expect(PeerProcess.poll(deadline: 10) { node.isOnline && !node.isPublishing })
        let online = Array("ONLINE".utf8).map { String(format: "%02x", $0) }.joined()
        try host.send(["cmd": "raw", "topic": "spBv1.0/STATE/scada", "hex": online])
        #expect(PeerProcess.poll(deadline: 10) { Self.nbirths(host).count == 2 })
        #expect(node.isPublishing)
        #expect(host.messages().ofType("NDEATH").count == 1)
    }
}
