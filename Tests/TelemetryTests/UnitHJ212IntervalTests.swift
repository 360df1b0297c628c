import Config
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import Logging
import Runtime
import Synchronization
import Testing
@testable import Telemetry
@testable import UnitTelemetry

/// Intervals the platform sets (CN 1062/1064) outlive a restart of the service, unless the unit
/// file's were edited since: set through Tests/peers/hj212_platform.py over the live connection.
@Suite(.serialized) struct UnitHJ212IntervalTests {
    static let start = UnitHJ212Tests.start

    @Test func platformIntervalsSurviveARestartUnlessTheUnitFileChanged() throws {
        let platform = try HJ212PlatformPeer(log: HJ212ClientTests.logPath())
        let (folder, unit, base) = try UnitHJ212Tests.setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = base
        config.port = platform.port
        config.realtimeInterval = 30
        config.minuteInterval = 10
        config.factors = [("w01009", "do1.oxygen")]
        let clock = ManualClock()
        let image = PointImage()
        let time = Mutex<UInt64>(Self.start)
        let lines = LogLines()
        let logger = Logger(label: "floc.test") { _ in CapturingLogHandler(lines: lines) }
        func service(_ config: HJ212UplinkConfig) throws -> UnitHJ212Service {
            try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: image, clock: clock,
                                 engine: nil, logger: logger, now: { time.withLock { $0 } })
        }

        let first = try service(config)
        first.start(sampling: false)
        let mn = config.mn
        func send(_ qn: String, _ cn: String, _ cp: String) throws -> Int? {
            try platform.control.command(["cmd": "send", "segment": "QN=\(qn);ST=32;CN=\(cn);PW=123456;MN=\(mn);Flag=5;CP=&&\(cp)&&"])["sent"]
                as? Int
        }
        // Asks for the interval until the client is connected and the platform can reach it.
        #expect(PeerProcess.poll(deadline: 10) { (try? send("20260101000000001", "1061", "")) == 1 })
        #expect(try send("20260101000000002", "1062", "RtdInterval=120") == 1)
        #expect(try send("20260101000000003", "1064", "MinInterval=5") == 1)
        func replies(_ qn: String) -> [String] {
            platform.received.filter { $0["qn"] as? String == qn }.map { "\($0["cn"] ?? ""):\($0["cp"] ?? "")" }
        }
        #expect(PeerProcess.poll(deadline: 10) { replies("20260101000000003").count == 2 })
        #expect(replies("20260101000000002") == ["9011:QnRtn=1", "9012:ExeRtn=1"])
        // On disk before the platform heard "done".
        #expect(try first.intervalStore.load()?.intervals == HJ212Intervals(realTimeSeconds: 120, minuteMinutes: 5))
        first.stop()

        // Restarted with the same unit file: the platform's intervals apply, to the reporter and to 1061/1063.
        time.withLock { $0 = Self.start + 3_600_000 }
        let second = try service(config)
        #expect(second.client.intervals == HJ212Intervals(realTimeSeconds: 120, minuteMinutes: 5))
        for offset in 0...600 as ClosedRange<UInt64> {
            time.withLock { $0 = Self.start + 3_600_000 + offset * 1000 }
            image.update(["do1.oxygen": PointSample(value: 2, quality: .good, time: clock.now)])
            second.sampleOnce()
        }
        let uploads = try second.queue.pending(uplink: UnitHJ212Service.uplink, limit: 1000)
            .compactMap { try? HJ212Message(parsing: String(decoding: $0.payload, as: UTF8.self)) }
        func dataTimes(_ cn: String) -> [String] {
            uploads.filter { $0.cn == cn }.compactMap { HJ212CumulationTests.fields($0.cp)["DataTime"] }
        }
        #expect(dataTimes("2011") == ["20260101010000", "20260101010200", "20260101010400", "20260101010600",
                                      "20260101010800", "20260101011000"], "every 120 s")
        #expect(dataTimes("2051") == ["20260101010000", "20260101010500"], "5-minute periods")
        #expect(lines.all.contains { $0.contains("kept across the restart") })
        second.stop()

        // The operator edits realtime_interval_s: the unit file wins for it; the platform's minute interval stays.
        config.realtimeInterval = 60
        let third = try service(config)
        #expect(third.client.intervals == HJ212Intervals(realTimeSeconds: 60, minuteMinutes: 5))
        #expect(third.reporter.withLock { $0.intervals } == HJ212Intervals(realTimeSeconds: 60, minuteMinutes: 5))
        #expect(lines.all.contains {
            $0.contains("realtime_interval_s changed in the unit file (30 -> 60 s) since the platform set 120 s")
        })
        third.stop()

        // Overridden is gone: going back to 30 s in the unit file does not bring the platform's 120 s back.
        config.realtimeInterval = 30
        let fourth = try service(config)
        #expect(fourth.client.intervals == HJ212Intervals(realTimeSeconds: 30, minuteMinutes: 5))
        fourth.stop()
    }

    @Test func withoutAnyPlatformSetTheUnitFileApplies() throws {
        let (folder, unit, base) = try UnitHJ212Tests.setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = base
        config.realtimeInterval = 45
        config.minuteInterval = 15
        config.factors = [("w01009", "do1.oxygen")]
        let lines = LogLines()
        let logger = Logger(label: "floc.test") { _ in CapturingLogHandler(lines: lines) }
        for realtime in [45.0, 90.0] {
            config.realtimeInterval = realtime
            let service = try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: PointImage(),
                                               clock: ManualClock(), engine: nil, logger: logger)
            #expect(service.client.intervals == HJ212Intervals(realTimeSeconds: Int(realtime), minuteMinutes: 15))
            service.stop()
        }
        #expect(!lines.all.contains { $0.contains("set by the platform") || $0.contains("in the unit file (") },
                "nothing set by the platform, nothing to say")
    }
}
