import FlocTestSupport
import Foundation
import Testing
@testable import Telemetry

/// Statistics made while the platform is away reach it afterwards, once each and in order, and
/// late acknowledgements cause resends without a record delivered twice or out of turn.
@Suite(.serialized) struct HJ212ResendTests {
    /// One upload as produced: its QN, command and CP.
    struct Produced: Equatable {
        var qn: String
        var cn: String
        var cp: String
    }

    /// Feeds `reporter` one sample every 10 s over `seconds` (after 00:00 CST) and queues its uploads.
    static func produce(_ reporter: inout HJ212Reporter, _ seconds: StrideTo<Int64>, into queue: StoreAndForwardQueue) throws
        -> [Produced] {
        var produced: [Produced] = []
        for second in seconds {
            let time = HJ212ReporterTests.midnightCST + second * 1000
            for message in reporter.add(timestampMilliseconds: time, [(code: "w01009", value: 2 + Double(second % 7) / 10, flag: .normal)]) {
                try queue.append(uplink: "hj212", timestampMilliseconds: time, payload: Array(message.dataSegment.utf8))
                produced.append(Produced(qn: message.qn, cn: message.cn, cp: message.cp))
            }
        }
        return produced
    }

    @Test func minuteAndHourDataMadeDuringAnOutageArriveOnceInOrder() throws {
        let log = HJ212ClientTests.logPath()
        let first = try HJ212PlatformPeer(log: log)
        let port = first.port
        let queue = try StoreAndForwardQueue(path: temporaryDatabase(), bound: .init(maxRecords: 10_000), logger: quietLogger)
        let client = HJ212Client(settings: HJ212ClientTests.settings(port: port), queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        var reporter = HJ212Reporter(identity: HJ212ReporterTests.identity, realtimeInterval: 3600, minuteInterval: 1)
        var produced = try Self.produce(&reporter, stride(from: 0, to: 120, by: 10), into: queue)
        #expect(PeerProcess.poll(deadline: 15) { (try? queue.count()) == 0 })

        first.process.stop()
        // An hour and more while the platform is away: minute data 00:01-01:00, the hour 00:00, real time at 01:00.
        let during = try Self.produce(&reporter, stride(from: 120, to: 3720, by: 10), into: queue)
        produced += during
        #expect(during.filter { $0.cn == "2051" }.count == 60)
        #expect(during.filter { $0.cn == "2061" }.map { HJ212CumulationTests.fields($0.cp)["DataTime"] } == ["20260101000000"])
        let failures = client.counters.connectFailures
        #expect(PeerProcess.poll(deadline: 10) { client.counters.connectFailures >= failures + 2 })
        #expect(try queue.count() == during.count, "nothing is lost or delivered while the platform is away")

        let back = try HJ212PlatformPeer(port: port, log: log)
        #expect(PeerProcess.poll(deadline: 60) { (try? queue.count()) == 0 })
        // The log is shared by both platform runs: everything acknowledged once, in the order made,
        // with the DataTime it was made with.
        let acknowledged = back.received.filter { $0["acked"] as? Bool == true }
            .map { Produced(qn: $0["qn"] as? String ?? "", cn: $0["cn"] as? String ?? "", cp: $0["cp"] as? String ?? "") }
        #expect(acknowledged == produced)
        #expect(try queue.counters(uplink: "hj212").delivered == Int64(produced.count))
    }

    @Test func lateAcknowledgementsAreResentAndNothingGoesTwice() throws {
        let platform = try HJ212PlatformPeer(log: HJ212ClientTests.logPath())
        // The first packet's acknowledgement comes 0.6 s late, after the 0.3 s acknowledgement timeout.
        try platform.control.command(["cmd": "delay_acks", "count": 1, "seconds": 0.6])
        let (queue, qns) = try HJ212ClientTests.filledQueue(3)
        let client = HJ212Client(settings: HJ212ClientTests.settings(port: platform.port, ackTimeout: .milliseconds(300)),
                                 queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        #expect(PeerProcess.poll(deadline: 15) { (try? queue.count()) == 0 })
        let resent = client.counters.resent
        #expect(resent >= 1, "no acknowledgement within the timeout: the record is resent")
        let received = platform.received
        #expect(received.compactMap { $0["qn"] as? String } == Array(repeating: qns[0], count: 1 + resent) + [qns[1], qns[2]])
        #expect(received.first?["late"] as? Double == 0.6)
        // The late acknowledgement (or the resend's) finished the first record; each later record
        // waited for its own.
        #expect(client.counters.acknowledged == 3)
        #expect(try queue.counters(uplink: "hj212").delivered == 3)
    }
}
