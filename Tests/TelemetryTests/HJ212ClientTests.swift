import FlocTestSupport
import Foundation
import Glibc
import Testing
@testable import Telemetry

struct PlatformNotReady: Error {
    var stderr: String
}

/// Tests/peers/hj212_platform.py on 127.0.0.1: an independent platform that checks CRC,
/// acknowledges with 9014 and logs every packet it received to a JSON-lines file.
final class HJ212PlatformPeer {
    let process: PeerProcess
    let port: Int
    let log: String
    /// The platform's control port: `send` makes it issue a command to the unit.
    let control: PeerControl

    init(port: Int = 0, log: String, dropAcks: Int = 0) throws {
        let script = PeerProcess.packageRoot.appendingPathComponent("Tests/peers/hj212_platform.py").path
        self.log = log
        process = try PeerProcess("/usr/bin/python3", ["-u", script, "--port", String(port), "--log", log,
                                                       "--drop-acks", String(dropAcks)])
        var line = Data()
        let handle = process.outputPipe.fileHandleForReading
        let ready = PeerProcess.poll(deadline: 10) {
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            while !line.contains(0x0A), poll(&descriptor, 1, 0) > 0 {
                var byte: UInt8 = 0
                guard read(handle.fileDescriptor, &byte, 1) == 1 else { return false }
                line.append(byte)
            }
            return line.contains(0x0A)
        }
        guard ready, let object = try JSONSerialization.jsonObject(with: line.dropLast()) as? [String: Any],
              let bound = object["port"] as? Int, let controlPort = object["control_port"] as? Int
        else {
            process.stop()
            throw PlatformNotReady(stderr: process.errorOutput)
        }
        self.port = bound
        control = PeerControl(port: controlPort)
    }

    deinit { process.stop() }

    /// Every packet logged so far (valid or not).
    var received: [[String: Any]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var acknowledgedQNs: [String] { received.filter { $0["acked"] as? Bool == true }.compactMap { $0["qn"] as? String } }
}

@Suite(.serialized) struct HJ212ClientTests {
    static let identity = HJ212Identity(pw: "123456", mn: "010000A8900016F000169DC0")

    /// A queue holding `count` real-time records one second apart, and their QNs in order.
    static func filledQueue(_ count: Int) throws -> (StoreAndForwardQueue, [String]) {
        let queue = try StoreAndForwardQueue(path: temporaryDatabase(), bound: .init(maxRecords: 1000), logger: quietLogger)
        var qns: [String] = []
        for index in 0..<count {
            let time = 1_700_000_000_000 + Int64(index) * 1000
            let message = HJ212Message.data(.realTime, identity: identity, timestampMilliseconds: time,
                                            factors: [HJ212FactorValue(code: "w01009", rtd: 2 + Double(index) / 10)])
            try queue.append(uplink: "hj212", timestampMilliseconds: time, payload: Array(message.dataSegment.utf8))
            qns.append(message.qn)
        }
        return (queue, qns)
    }

    static func settings(port: Int, ackTimeout: Duration = .seconds(2)) -> HJ212ClientSettings {
        HJ212ClientSettings(host: "127.0.0.1", port: port, acknowledgementTimeout: ackTimeout, maxResends: 3,
                            connectTimeout: .seconds(1), minBackoff: .milliseconds(100),
                            maxBackoff: .milliseconds(400), pollInterval: .milliseconds(50))
    }

    static func logPath() -> String { temporaryDatabase().replacingOccurrences(of: "queue.sqlite", with: "platform.jsonl") }

    @Test func deliversInOrderAndMarksOnlyAcknowledged() throws {
        let platform = try HJ212PlatformPeer(log: Self.logPath())
        let (queue, qns) = try Self.filledQueue(5)
        let client = HJ212Client(settings: Self.settings(port: platform.port), queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        #expect(PeerProcess.poll(deadline: 15) { (try? queue.count()) == 0 })
        #expect(platform.acknowledgedQNs == qns)
        #expect(platform.received.allSatisfy { $0["valid"] as? Bool == true && $0["cn"] as? String == "2011" })
        #expect(try queue.counters(uplink: "hj212").delivered == 5)
        #expect(client.counters.acknowledged == 5)
    }

    @Test func missingAcknowledgementIsResent() throws {
        let platform = try HJ212PlatformPeer(log: Self.logPath(), dropAcks: 2)
        let (queue, qns) = try Self.filledQueue(2)
        let client = HJ212Client(settings: Self.settings(port: platform.port, ackTimeout: .milliseconds(300)),
                                 queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        #expect(PeerProcess.poll(deadline: 15) { (try? queue.count()) == 0 })
        // The first packet went out three times (two acknowledgements dropped), then the second once.
        #expect(platform.received.compactMap { $0["qn"] as? String } == [qns[0], qns[0], qns[0], qns[1]])
        #expect(platform.acknowledgedQNs == qns)
        #expect(client.counters.resent == 2)
    }

    @Test func platformDownKeepsRecordsUntilItComesUp() throws {
        let port = PeerProcess.freePort()
        let (queue, qns) = try Self.filledQueue(4)
        let client = HJ212Client(settings: Self.settings(port: port), queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        #expect(PeerProcess.poll(deadline: 10) { client.counters.connectFailures >= 2 })
        #expect(try queue.count() == 4)
        #expect(try queue.counters(uplink: "hj212").delivered == 0)
        let platform = try HJ212PlatformPeer(port: port, log: Self.logPath())
        #expect(PeerProcess.poll(deadline: 15) { (try? queue.count()) == 0 })
        #expect(platform.acknowledgedQNs == qns, "all delivered, in order, none acknowledged twice")
    }
}
