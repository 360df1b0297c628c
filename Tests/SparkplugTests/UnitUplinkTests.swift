import Config
import FlocTestSupport
import Foundation
import Runtime
import Telemetry
import Testing
import UnitTelemetry

/// Floc's Sparkplug uplink for a real unit program, against a real mosquitto and the Python host.
@Suite(.serialized, .enabled(if: MosquittoBroker.available && PeerProcess.pythonAvailable))
struct UnitUplinkTests {
    static func births(_ messages: [[String: Any]]) -> Bool {
        messages.ofType("NBIRTH").count >= 1 && messages.ofType("DBIRTH").count >= 8
    }

    @Test func birthsPerLoopAndInstrumentThenDataByExceptionFromTheScan() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let unit = try UnitUplinkFixture(port: broker.port)
        try unit.service.start(sampling: false)
        let messages = host.waitFor { Self.births($0) }
        try #require(Self.births(messages))
        let devices = messages.ofType("DBIRTH").compactMap { $0["device"] as? String }
        #expect(devices == ["aeration1", "ph1", "blower1", "airflow1", "do1", "ph1", "level1", "io1"].filter { devices.contains($0) })
        #expect(devices.contains("aeration1") && devices.contains("do1"))
        let aeration = messages.ofType("DBIRTH").first { $0["device"] as? String == "aeration1" }?.metricList ?? []
        #expect(aeration.compactMap { $0["name"] as? String } == ["SP", "PV", "OUT", "Mode", "Safe"])
        let nbirth = messages.ofType("NBIRTH")[0].metricList.compactMap { $0["name"] as? String }
        #expect(nbirth.contains("Command/Result") && nbirth.contains("Alarms/Ack") && nbirth.contains("Alarms/level_high.h"))

        unit.set(oxygen: 2.5)
        unit.scan()
        let first = unit.sample()
        unit.set(oxygen: 2.52)   // within the 0.05 deadband of do1/oxygen: no DDATA for it
        unit.scan()
        unit.sample()
        unit.set(oxygen: 3.0)
        unit.scan()
        let third = unit.sample()
        host.waitFor { _ in host.values(device: "do1", metric: "oxygen").count >= 2 }
        let oxygen = host.values(device: "do1", metric: "oxygen")
        #expect(oxygen.map { $0.value as? Double } == [2.5, 3.0])
        #expect(oxygen.map(\.timestamp) == [Int(first), Int(third)])
        #expect(oxygen.allSatisfy { !$0.historical })
        #expect(host.values(device: "aeration1", metric: "Mode").isEmpty, "unchanged mode sent again")
        #expect(PeerProcess.poll(deadline: 5) { (try? unit.service.queue.count()) == 0 }, "acknowledged samples stay queued")
    }

    @Test func writesGoThroughTheScanAndAreAnsweredInDataAndAudited() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let unit = try UnitUplinkFixture(port: broker.port, role: .operator)
        try unit.service.start(sampling: false)
        try #require(Self.births(host.waitFor { Self.births($0) }))
        func write(_ device: String?, _ metric: String, _ datatype: Int, _ value: Any) throws {
            try host.send(["cmd": "write", "group": "Floc", "node": "sim-container", "device": device ?? NSNull(),
                           "metric": metric, "datatype": datatype, "value": value])
        }
        try write("aeration1", "SP", 10, 3.0)            // accepted
        try write("aeration1", "SP", 10, 9.5)            // outside setpoint_min..setpoint_max
        try write("aeration1", "Mode", 12, "turbo")      // not a mode
        try write("aeration1", "Mode", 12, "cascade")    // a mode, but aeration1 has no remote setpoint
        try write("do1", "oxygen", 10, 1.0)              // read-only
        try write(nil, "Alarms/Ack", 12, "nope")         // no such alarm
        try host.send(["cmd": "raw", "topic": "spBv1.0/Floc/DCMD/sim-container/aeration1", "hex": "0a05ffff"])
        let answered = PeerProcess.poll(deadline: 15) {
            unit.scan()
            return host.values(device: nil, metric: "Command/Result").count >= 6
        }
        #expect(answered)
        let results = host.values(device: nil, metric: "Command/Result").compactMap { $0.value as? String }
        let requests = host.values(device: nil, metric: "Command/Request").compactMap { $0.value as? String }
        #expect(results.count == 6)
        #expect(results.filter { $0.hasPrefix("accepted") } == ["accepted: aeration1 setpoint 3.0"])
        #expect(results.contains { $0.hasPrefix("rejected: setpoint 9.5 of aeration1 is outside 0.5...4.0") })
        #expect(results.contains { $0.contains("Mode takes one of: auto, manual, cascade, oos") })
        #expect(results.contains { $0.hasPrefix("rejected: aeration1 has no remote setpoint, so no cascade mode") }, "\(results)")
        #expect(results.contains { $0.contains("do1/oxygen is read-only") })
        #expect(results.contains { $0 == "rejected: no alarm named nope" })
        #expect(Set(requests).isSuperset(of: ["aeration1/SP = 3.0", "aeration1/SP = 9.5", "aeration1/Mode = \"turbo\""]))
        #expect(unit.engine.snapshots.value?.program.loop("aeration1")?.setpoint == 3.0)
        #expect(unit.service.uplink.node.rejectedCommands == 3, "the malformed payload and the unmapped writes are counted")
        let audited = unit.audit.recorded
        #expect(audited.count == 6)
        #expect(audited.allSatisfy { $0.user == "sparkplug:sim-container" && $0.action == .command })
        #expect(audited.first { $0.detail == "aeration1/SP = 3.0" }?.result == "ok")
        #expect(audited.first { $0.detail == "aeration1/Mode = \"cascade\"" }?.result.hasPrefix("rejected") == true, "\(audited)")
        #expect(unit.service.uplink.node.isOnline, "a malformed payload stopped the node")
    }

    @Test func aViewerUplinkMayNotChangeTheUnit() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let unit = try UnitUplinkFixture(port: broker.port, role: .viewer)
        try unit.service.start(sampling: false)
        try #require(Self.births(host.waitFor { Self.births($0) }))
        try host.send(["cmd": "write", "group": "Floc", "node": "sim-container", "device": "aeration1",
                       "metric": "SP", "datatype": 10, "value": 3.0])
        #expect(PeerProcess.poll(deadline: 10) {
            unit.scan()
            return !host.values(device: nil, metric: "Command/Result").isEmpty
        })
        let result = host.values(device: nil, metric: "Command/Result").first?.value as? String
        #expect(result == "rejected: sparkplug:sim-container (viewer) may not change the setpoint of aeration1")
        #expect(unit.engine.snapshots.value?.program.loop("aeration1")?.setpoint == 2.0)
    }

    @Test(arguments: [SparkplugUplinkConfig.MQTTVersion.v3_1_1, .v5])
    func brokerOutageIsReplayedOnceInOrderAsHistoricalAfterTheBirths(version: SparkplugUplinkConfig.MQTTVersion) throws {
        var broker = try MosquittoBroker()
        let port = broker.port
        let host = try SparkplugHost(broker: broker, primaryHost: "scada", version: version == .v5 ? .v5 : .v311)
        let unit = try UnitUplinkFixture(port: broker.port, primaryHost: "scada", version: version)
        try unit.service.start(sampling: false)
        try #require(Self.births(host.waitFor { Self.births($0) }))
        unit.set(oxygen: 1.0)
        unit.scan()
        let live = unit.sample()
        #expect(PeerProcess.poll(deadline: 5) { (try? unit.service.queue.count()) == 0 })

        broker.stop()
        #expect(PeerProcess.poll(deadline: 10) { !unit.service.uplink.node.isOnline })
        var outage: [UInt64] = []
        for i in 1...30 {
            unit.set(oxygen: 1.0 + Double(i) * 0.1)
            unit.scan()
            outage.append(unit.sample())
        }
        #expect(try unit.service.queue.count() == 30)
        broker = try MosquittoBroker(port: port)
        let replayed = PeerProcess.poll(deadline: 30) {
            host.values(device: "do1", metric: "oxygen").filter(\.historical).count >= 30
        }
        #expect(replayed)
        let oxygen = host.values(device: "do1", metric: "oxygen")
        let historical = oxygen.filter(\.historical)
        #expect(historical.map(\.timestamp) == outage.map { Int($0) }, "every outage sample once, in order")
        #expect(oxygen.filter { !$0.historical }.map(\.timestamp) == [Int(live)], "a live sample sent twice")
        let values = historical.compactMap { $0.value as? Double }
        #expect(zip(values, (1...30).map { 1.0 + Double($0) * 0.1 }).allSatisfy { abs($0 - $1) < 1e-9 })
        // The second session's births come before any of its historical data.
        let messages = host.messages()
        let secondBirth = messages.lastIndex { $0["type"] as? String == "NBIRTH" } ?? 0
        let firstHistorical = messages.firstIndex { $0.metricList.contains { $0["is_historical"] as? Bool == true } } ?? -1
        #expect(secondBirth > 0 && firstHistorical > secondBirth)
        #expect(PeerProcess.poll(deadline: 5) { (try? unit.service.queue.count()) == 0 })
    }

    @Test func nothingIsPublishedWhileThePrimaryHostIsOffline() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, primaryHost: "scada")
        try host.send(["cmd": "state", "online": false])
        // The broker holds the offline STATE before the node connects (not the host's own online one).
        #expect(PeerProcess.poll(deadline: 10) {
            host.lines().last { $0["event"] as? String == "state" }?["online"] as? Bool == false
        })
        let unit = try UnitUplinkFixture(port: broker.port, primaryHost: "scada")
        try unit.service.start(sampling: false)
        #expect(PeerProcess.poll(deadline: 10) { unit.service.uplink.node.isOnline })
        unit.sample()
        #expect(!PeerProcess.poll(deadline: 1) { !host.messages().ofType("NBIRTH").isEmpty }, "births before the host is online")
        #expect(try unit.service.queue.count() == 1)
        try host.send(["cmd": "state", "online": true])
        #expect(Self.births(host.waitFor { Self.births($0) }))
        #expect(PeerProcess.poll(deadline: 10) { (try? unit.service.queue.count()) == 0 }, "the sample taken meanwhile was not replayed")
    }
}
