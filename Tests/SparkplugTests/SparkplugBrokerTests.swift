import FlocTestSupport
import Foundation
import Logging
import Testing
@testable import Telemetry

/// The edge node against a real mosquitto on 127.0.0.1, checked by an independent Python host.
@Suite(.serialized, .enabled(if: MosquittoBroker.available && PeerProcess.pythonAvailable))
struct SparkplugBrokerTests {
    static let devices = [
        SparkplugDevice(name: "Basin 1", metrics: [
            SparkplugMetricDefinition(name: "DO", value: .double(2.0), deadband: 0.5),
            SparkplugMetricDefinition(name: "DO setpoint", value: .double(2.0)),
            SparkplugMetricDefinition(name: "Mode", value: .string("auto")),
        ]),
        SparkplugDevice(name: "Blower 1", metrics: [
            SparkplugMetricDefinition(name: "Running", value: .boolean(false)),
            SparkplugMetricDefinition(name: "Speed", value: .int16(-3)),
        ]),
    ]

    /// A node with the two devices, started against `broker`; commands to "DO setpoint" are accepted, others rejected.
    static func node(_ broker: MosquittoBroker, log: CommandLog = CommandLog(),
                     version: MQTTClient.ProtocolVersion = .v311) throws -> SparkplugEdgeNode {
        let node = SparkplugEdgeNode(group: "Floc", node: "unit-1",
                                     nodeMetrics: [SparkplugMetricDefinition(name: "Uptime", value: .uint64(0))],
                                     devices: devices, logger: Logger(label: "floc.test.sparkplug")) { command in
            log.append(command)
            return command.metric == "DO setpoint" ? .accepted : .rejected("read-only")
        }
        try node.start(.init(port: broker.port, clientID: "floc-unit-1", keepalive: 5, protocolVersion: version))
        return node
    }

    static let versions: [MQTTClient.ProtocolVersion] = [.v311, .v5]

    static func births(_ messages: [[String: Any]], count: Int) -> Bool {
        messages.ofType("NBIRTH").count >= count && messages.ofType("DBIRTH").count >= 2 * count
    }

    @Test(arguments: versions) func birthsCarryTheWillsBdSeqAliasesAndDatatypes(version: MQTTClient.ProtocolVersion) throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, version: version)
        let node = try Self.node(broker, version: version)
        defer { node.stop() }
        let messages = host.waitFor { Self.births($0, count: 1) }
        try #require(Self.births(messages, count: 1))
        #expect(messages.prefix(3).map { $0["topic"] as? String } == [
            "spBv1.0/Floc/NBIRTH/unit-1", "spBv1.0/Floc/DBIRTH/unit-1/Basin 1", "spBv1.0/Floc/DBIRTH/unit-1/Blower 1",
        ])
        #expect(messages.prefix(3).map(\.seq) == [0, 1, 2])
        #expect(messages.allSatisfy { $0["error"] == nil }, "the host's protobuf decoder refused a message")
        let nbirth = messages[0]
        #expect(nbirth.bdSeq == Int(node.bdSeq))
        #expect(nbirth["retain"] as? Bool == false)
        #expect(nbirth.metricList.first { $0["name"] as? String == "bdSeq" }?["datatype"] as? Int == 4)
        let rebirth = nbirth.metricList.first { $0["name"] as? String == "Node Control/Rebirth" }
        #expect(rebirth?["datatype"] as? Int == 11)
        #expect(rebirth?["value"] as? Bool == false)
        let basin = messages[1].metricList
        #expect(basin.map { $0["name"] as? String } == ["DO", "DO setpoint", "Mode"])
        #expect(basin.map { $0["datatype"] as? Int } == [10, 10, 12])
        #expect(basin.allSatisfy { $0["alias"] is Int && $0["timestamp"] is Int })
        let speed = messages[2].metricList.first { $0["name"] as? String == "Speed" }
        #expect(speed?["value"] as? Int == -3)
        #expect(speed?["datatype"] as? Int == 2)
        // mosquitto logs each CONNECT: protocol (p2 = 3.1.1, p5 = 5), Clean Start/Session (c1), keepalive.
        #expect(broker.log().contains("as floc-unit-1 (\(version == .v5 ? "p5" : "p2"), c1, k5)"))
    }

    @Test func ddataOnlyWhenAValueMovesPastItsDeadband() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let node = try Self.node(broker)
        defer { node.stop() }
        try #require(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
        for value in [2.3, 2.6, 2.9, 3.2] { node.update(device: "Basin 1", ["DO": .double(value)]) }
        node.update(device: "Basin 1", ["DO": .int32(9)])   // not the datatype DBIRTH announced: dropped
        node.update(device: "Basin 1", ["Mode": .string("manual")])
        let messages = host.waitFor { $0.ofType("DDATA").count >= 3 }
        let ddata = messages.ofType("DDATA")
        // 2.3 is within 0.5 of the birth value 2.0; 2.9 within 0.5 of 2.6; 3.2 is 0.6 past 2.6.
        #expect(ddata.map { $0.metricList.first?["value"] as? AnyHashable } == [2.6, 3.2, "manual"])
        #expect(ddata.allSatisfy { $0.metricList.allSatisfy { $0["name"] is NSNull && $0["alias"] is Int } })
        #expect(ddata.map(\.seq) == [3, 4, 5])
    }

    @Test func seqIsSharedAndWrapsAfter255() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let node = try Self.node(broker)
        defer { node.stop() }
        try #require(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
        for i in 0..<300 { node.update(device: i % 2 == 0 ? "Blower 1" : nil, i % 2 == 0 ? ["Running": .boolean(i % 4 == 0)] : ["Uptime": .uint64(UInt64(i))]) }
        let messages = host.waitFor(deadline: 20) { $0.count >= 303 }
        try #require(messages.count == 303)
        #expect(messages.allSatisfy { $0["error"] == nil }, "the host's protobuf decoder refused a message")
        let seqs = messages.compactMap(\.seq)
        #expect(seqs == (0..<303).map { $0 % 256 })
        #expect(messages.ofType("NDATA").count == 150)
    }

    @Test func ncmdRebirthSendsNewBirthsWithTheSameBdSeq() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let node = try Self.node(broker)
        defer { node.stop() }
        try #require(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
        node.update(device: "Basin 1", ["DO": .double(5)])
        try host.send(["cmd": "rebirth", "group": "Floc", "node": "unit-1"])
        let messages = host.waitFor { Self.births($0, count: 2) }
        try #require(Self.births(messages, count: 2))
        let second = messages.ofType("NBIRTH")[1]
        #expect(second.seq == 0)
        #expect(second.bdSeq == messages[0].bdSeq)
        let basin = messages.ofType("DBIRTH").filter { $0["device"] as? String == "Basin 1" }.last
        #expect(basin?.metricList.first?["value"] as? Double == 5)
    }

    @Test(arguments: versions) func dcmdWritesReachTheCallbackAndMalformedOnesAreRejected(version: MQTTClient.ProtocolVersion) throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, version: version)
        let log = CommandLog()
        let node = try Self.node(broker, log: log, version: version)
        defer { node.stop() }
        let births = host.waitFor { Self.births($0, count: 1) }
        try #require(Self.births(births, count: 1))
        let setpointAlias = births[1].metricList.first { $0["name"] as? String == "DO setpoint" }?["alias"] as? Int
        try host.send(["cmd": "raw", "topic": "spBv1.0/Floc/DCMD/unit-1/Basin 1", "hex": "12050a01ff1001"])
        try host.send(["cmd": "write", "group": "Floc", "node": "unit-1", "device": "Basin 1",
                       "alias": try #require(setpointAlias), "datatype": 10, "value": 2.5])
        try host.send(["cmd": "write", "group": "Floc", "node": "unit-1", "device": "Blower 1",
                       "metric": "Speed", "datatype": 2, "value": -7])
        try host.send(["cmd": "write", "group": "Floc", "node": "unit-1", "device": "Blower 1",
                       "metric": "No such metric", "datatype": 11, "value": true])
        #expect(PeerProcess.poll(deadline: 10) { log.commands.count >= 2 && node.rejectedCommands >= 3 })
        #expect(log.commands == [
            SparkplugCommand(device: "Basin 1", metric: "DO setpoint", value: .double(2.5)),
            SparkplugCommand(device: "Blower 1", metric: "Speed", value: .int16(-7)),
        ])
        // The malformed payload, the rejected write and the unknown metric.
        #expect(node.rejectedCommands == 3)
        #expect(node.isOnline)
    }

    @Test(arguments: versions) func aSeveredLinkMakesTheBrokerPublishNDEATHWithTheMatchingBdSeq(version: MQTTClient.ProtocolVersion) throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker, version: version)
        let node = try Self.node(broker, version: version)
        defer { node.stop() }
        try #require(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
        let firstBdSeq = node.bdSeq
        node.severConnection()
        let messages = host.waitFor(deadline: 15) { Self.births($0, count: 2) && !$0.ofType("NDEATH").isEmpty }
        let death = try #require(messages.ofType("NDEATH").first)
        #expect(death.bdSeq == Int(firstBdSeq))
        #expect(death["retain"] as? Bool == false)
        #expect(death["seq"] == nil || death["seq"] is NSNull)
        let births = messages.ofType("NBIRTH")
        try #require(births.count == 2)
        #expect(births[1].bdSeq == Int((firstBdSeq + 1) % 256))
        #expect(births[1].seq == 0)
    }

    @Test func aCleanStopPublishesNDEATHBeforeDisconnecting() throws {
        let broker = try MosquittoBroker()
        let host = try SparkplugHost(broker: broker)
        let node = try Self.node(broker)
        try #require(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
        let bdSeq = node.bdSeq
        node.stop()
        let death = try #require(host.waitFor { !$0.ofType("NDEATH").isEmpty }.ofType("NDEATH").first)
        #expect(death.bdSeq == Int(bdSeq))
        #expect(!node.isOnline)
    }

    /// A node on the broker's TLS listener, verifying the server as `localhost` with the test CA.
    static func tlsNode(_ broker: MosquittoBroker, _ tls: TestTLS, password: String,
                        host: String = "localhost", version: MQTTClient.ProtocolVersion = .v311) throws -> SparkplugEdgeNode {
        let node = SparkplugEdgeNode(group: "Floc", node: "unit-1", devices: devices,
                                     logger: Logger(label: "floc.test.sparkplug")) { _ in .accepted }
        try node.start(.init(host: host, port: broker.tlsPort, clientID: "floc-unit-1", username: "unit-1",
                             password: password, tls: .init(caFile: tls.caFile), protocolVersion: version))
        return node
    }

    /// The host listens on the same broker's plain listener.
    @Test(.enabled(if: TestTLS.available)) func connectsOverTLSWithAPassword() throws {
        let tls = try TestTLS(username: "unit-1", password: "s3cret")
        defer { tls.remove() }
        let broker = try MosquittoBroker(tls: tls)
        let host = try SparkplugHost(broker: broker)
        let node = try Self.tlsNode(broker, tls, password: "s3cret")
        defer { node.stop() }
        #expect(Self.births(host.waitFor { Self.births($0, count: 1) }, count: 1))
    }

    @Test(.enabled(if: TestTLS.available), arguments: versions)
    func aWrongPasswordNeverGoesOnlineAndSaysWhy(version: MQTTClient.ProtocolVersion) throws {
        let tls = try TestTLS(username: "unit-1", password: "s3cret")
        defer { tls.remove() }
        let broker = try MosquittoBroker(tls: tls)
        let host = try SparkplugHost(broker: broker)
        let node = try Self.tlsNode(broker, tls, password: "wrong", version: version)
        defer { node.stop() }
        #expect(host.waitFor(deadline: 3) { !$0.isEmpty }.isEmpty)
        #expect(!node.isOnline)
        // mosquitto answers a wrong password "not authorized" (3.1.1: 5; MQTT 5: 0x87).
        let refusal = try #require(node.lastRefusal)
        #expect(refusal.code == (version == .v5 ? 0x87 : 5))
        #expect(refusal.description.hasPrefix("not authorized"))
        // Each refused session takes a bdSeq: paced at 1-5 s, about 4 in these 3 s (hundreds at once before).
        #expect(node.bdSeq < 10, "refused connections retried \(node.bdSeq) times in about 3 s")
    }

    /// The certificate names `localhost` only: reaching the same broker as 127.0.0.1 must fail verification.
    @Test(.enabled(if: TestTLS.available)) func aCertificateForAnotherHostIsRefused() throws {
        let tls = try TestTLS(username: "unit-1", password: "s3cret")
        defer { tls.remove() }
        let broker = try MosquittoBroker(tls: tls)
        let host = try SparkplugHost(broker: broker)
        let node = try Self.tlsNode(broker, tls, password: "s3cret", host: "127.0.0.1")
        defer { node.stop() }
        #expect(host.waitFor(deadline: 3) { !$0.isEmpty }.isEmpty)
        #expect(!node.isOnline)
    }

    /// Broker stopped and started again on the same port: the node reconnects by itself with the next bdSeq.
    @Test(arguments: versions) func aRestartedBrokerGetsNewBirthsWithTheNextBdSeq(version: MQTTClient.ProtocolVersion) throws {
        let first = try MosquittoBroker()
        let node = try Self.node(first, version: version)
        defer { node.stop() }
        #expect(PeerProcess.poll(deadline: 10) { node.isOnline })
        first.stop()
        #expect(PeerProcess.poll(deadline: 10) { !node.isOnline })
        let broker = try MosquittoBroker(port: first.port)
        let host = try SparkplugHost(broker: broker, version: version)
        let births = try Self.awaitBirths(host, node)
        try #require(Self.births(births, count: 1))
        #expect(births.ofType("NBIRTH")[0].bdSeq ?? 0 >= 1)
        #expect(births.ofType("NBIRTH")[0].bdSeq == Int(node.bdSeq))
    }

    /// A unit that boots before its broker keeps trying and comes online when the broker appears.
    @Test func aNodeStartedBeforeItsBrokerComesOnlineLater() throws {
        let port = PeerProcess.freePort()
        let node = SparkplugEdgeNode(group: "Floc", node: "unit-1", devices: Self.devices,
                                     logger: Logger(label: "floc.test.sparkplug")) { _ in .accepted }
        try node.start(.init(port: port, clientID: "floc-unit-1", keepalive: 5))
        defer { node.stop() }
        #expect(!node.isOnline)
        let broker = try MosquittoBroker(port: port)
        let host = try SparkplugHost(broker: broker)
        #expect(Self.births(try Self.awaitBirths(host, node), count: 1))
    }

    /// The births of a node that reconnects by itself while the host starts: if it was born before
    /// the host subscribed, an NCMD rebirth (same bdSeq) makes it repeat them.
    static func awaitBirths(_ host: SparkplugHost, _ node: SparkplugEdgeNode) throws -> [[String: Any]] {
        _ = PeerProcess.poll(deadline: 15) { node.isOnline }
        if !Self.births(host.waitFor(deadline: 2) { Self.births($0, count: 1) }, count: 1) {
            try host.send(["cmd": "rebirth", "group": "Floc", "node": "unit-1"])
        }
        return host.waitFor(deadline: 10) { Self.births($0, count: 1) }
    }
}
