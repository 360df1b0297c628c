import FlocTestSupport
import Foundation
import Testing
@testable import Telemetry

/// The platform's parameter commands (CN 1011-1064): 9011, data, 9012, all with the request's QN.
@Suite struct HJ212PlatformResponderTests {
    static let identity = HJ212Identity(pw: "123456", mn: "010000A8900016F000169DC0")
    // 2016-08-01 08:58:57 China Standard Time.
    static let now: Int64 = 1_470_013_137_000

    static func request(_ cn: String, _ cp: String = "", pw: String = "123456", mn: String = identity.mn) -> HJ212Message {
        HJ212Message(qn: "20160801085857223", st: "32", cn: cn, pw: pw, mn: mn, flag: 5, cp: cp)
    }

    @Test(arguments: [
        ("1011", "PolId=w01009", ["9011:QnRtn=1", "1011:PolId=w01009;SystemTime=20160801085857", "9012:ExeRtn=1"], nil as String?),
        ("1061", "", ["9011:QnRtn=1", "1061:RtdInterval=30", "9012:ExeRtn=1"], nil),
        ("1062", "RtdInterval=60", ["9011:QnRtn=1", "9012:ExeRtn=1"], nil),
        ("1062", "RtdInterval=10", ["9011:QnRtn=2"], "RtdInterval must be 30...3600 s"),
        ("1062", "", ["9011:QnRtn=2"], "RtdInterval must be 30...3600 s"),
        ("1063", "", ["9011:QnRtn=1", "1063:MinInterval=10", "9012:ExeRtn=1"], nil),
        ("1064", "MinInterval=15", ["9011:QnRtn=1", "9012:ExeRtn=1"], nil),
        ("1064", "MinInterval=7", ["9011:QnRtn=2"], "MinInterval must divide 60 minutes"),
        ("1012", "SystemTime=20160801085857", ["9011:QnRtn=2"], "site time is set by the operating system, not by the platform"),
        ("1072", "", ["9011:QnRtn=2"], "CN 1072 is not supported"),
    ])
    func answers(cn: String, cp: String, expected: [String], refusal: String?) {
        var responder = HJ212PlatformResponder(identity: Self.identity)
        let outcome = responder.respond(to: Self.request(cn, cp), utcMilliseconds: Self.now)
        #expect(outcome.replies.map { "\($0.cn):\($0.cp)" } == expected)
        #expect(outcome.refusal == refusal)
        #expect(outcome.replies.allSatisfy { $0.qn == "20160801085857223" && $0.mn == Self.identity.mn && !$0.wantsAcknowledgement })
        #expect(outcome.replies.filter { $0.cn.hasPrefix("90") }.allSatisfy { $0.st == "91" })
    }

    @Test func setCommandsChangeTheIntervalsAndGetCommandsReadThemBack() {
        var responder = HJ212PlatformResponder(identity: Self.identity)
        _ = responder.respond(to: Self.request("1062", "RtdInterval=120"), utcMilliseconds: Self.now)
        _ = responder.respond(to: Self.request("1064", "MinInterval=5"), utcMilliseconds: Self.now)
        #expect(responder.intervals == HJ212Intervals(realTimeSeconds: 120, minuteMinutes: 5))
        let read = responder.respond(to: Self.request("1061"), utcMilliseconds: Self.now).replies
        #expect(read.map(\.cp).contains("RtdInterval=120"))
        // A refused set leaves the value alone.
        _ = responder.respond(to: Self.request("1062", "RtdInterval=abc"), utcMilliseconds: Self.now)
        #expect(responder.intervals.realTimeSeconds == 120)
    }

    @Test func wrongPasswordOrUnitIsAnsweredWithoutEffect() {
        var responder = HJ212PlatformResponder(identity: Self.identity)
        let badPW = responder.respond(to: Self.request("1062", "RtdInterval=60", pw: "000000"), utcMilliseconds: Self.now)
        #expect(badPW.replies.map(\.cp) == ["QnRtn=3"])
        let badMN = responder.respond(to: Self.request("1062", "RtdInterval=60", mn: "X"), utcMilliseconds: Self.now)
        #expect(badMN.replies.map(\.cp) == ["QnRtn=4"])
        #expect(responder.intervals.realTimeSeconds == 30)
    }
}

/// The client answers commands the independent platform (Tests/peers/hj212_platform.py) sends.
@Suite(.serialized) struct HJ212PlatformCommandInteropTests {
    @Test func platformReadsAndSetsTheRealTimeIntervalOverTheLiveConnection() throws {
        let log = HJ212ClientTests.logPath()
        let platform = try HJ212PlatformPeer(log: log)
        let (queue, _) = try HJ212ClientTests.filledQueue(1)
        var settings = HJ212ClientTests.settings(port: platform.port)
        settings.platformCommands = HJ212PlatformResponder(identity: HJ212ClientTests.identity)
        let client = HJ212Client(settings: settings, queue: queue, logger: quietLogger)
        client.start()
        defer { client.stop() }
        // Connected once the queued record was delivered.
        #expect(PeerProcess.poll(deadline: 10) { platform.acknowledgedQNs.count == 1 })

        let mn = HJ212ClientTests.identity.mn
        for (qn, cn, cp) in [("20240101000000001", "1062", "RtdInterval=60"), ("20240101000000002", "1061", ""),
                             ("20240101000000003", "1062", "RtdInterval=5")] {
            let sent = try platform.control.command(["cmd": "send",
                                                     "segment": "QN=\(qn);ST=32;CN=\(cn);PW=123456;MN=\(mn);Flag=5;CP=&&\(cp)&&"])
            #expect(sent["sent"] as? Int == 1)
        }
        func replies(_ qn: String) -> [String] {
            platform.received.filter { $0["qn"] as? String == qn }.map { "\($0["cn"] ?? ""):\($0["cp"] ?? "")" }
        }
        #expect(PeerProcess.poll(deadline: 10) { replies("20240101000000003").count == 1 })
        #expect(replies("20240101000000001") == ["9011:QnRtn=1", "9012:ExeRtn=1"])
        #expect(replies("20240101000000002") == ["9011:QnRtn=1", "1061:RtdInterval=60", "9012:ExeRtn=1"])
        #expect(replies("20240101000000003") == ["9011:QnRtn=2"])
        #expect(client.intervals?.realTimeSeconds == 60)
        #expect(platform.received.allSatisfy { $0["valid"] as? Bool == true }, "every reply framed with a correct CRC")
    }
}
