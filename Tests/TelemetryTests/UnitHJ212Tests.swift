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

/// sim-container's DO and pH reported over HJ 212 to Tests/peers/hj212_platform.py: real-time
/// data with flags from quality and loop mode, then minute statistics, all acknowledged.
@Suite(.serialized) struct UnitHJ212Tests {
    /// 2026-01-01 00:00:00 CST, in ms UTC.
    static let start: UInt64 = 1_767_196_800_000

    @Test func realTimeAndMinuteDataReachThePlatformWithFlags() throws {
        let platform = try HJ212PlatformPeer(log: HJ212ClientTests.logPath())
        let folder = NSTemporaryDirectory() + "floc-hj212-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let passwordFile = folder + "/pw"
        FileManager.default.createFile(atPath: passwordFile, contents: Data("123456\n".utf8))
        chmod(passwordFile, 0o600)
        let unit = try ConfigLoader.loadUnit(at: PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path)
        var config = HJ212UplinkConfig()
        config.host = "127.0.0.1"
        config.port = platform.port
        config.mn = "010000A8900016F000169DC0"
        config.passwordFile = passwordFile
        config.realtimeInterval = 60
        config.minuteInterval = 1
        config.factors = [("w01009", "do1.oxygen"), ("w01001", "ph1.ph")]
        let clock = ManualClock()
        let image = PointImage()
        let program = try UnitProgram(control: unit.control)
        let engine = ScanEngine(program: program, period: .milliseconds(500), image: image, clock: clock, logger: quietLogger)
        let time = Mutex<UInt64>(Self.start)
        let service = try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: image,
                                           clock: clock, engine: engine, logger: quietLogger, now: { time.withLock { $0 } })
        service.start(sampling: false)
        defer { service.stop() }
        #expect(engine.commands.submit(.setMode(loop: "ph1", mode: .manual), from: CommandSource(name: "test", role: .operator_))
            .result == nil)
        for second in 0...60 {
            time.withLock { $0 = Self.start + UInt64(second) * 1000 }
            image.update(["do1.oxygen": PointSample(value: 2 + Double(second % 2), quality: second < 30 ? .good : .commFail, time: clock.now),
                          "ph1.ph": PointSample(value: 7.2, quality: .good, time: clock.now)])
            clock.advance(by: .milliseconds(500))
            engine.runCycle(deadline: clock.now)
            service.sampleOnce()
        }
        #expect(PeerProcess.poll(deadline: 20) { (try? service.queue.count()) == 0 })
        let received = platform.received
        #expect(received.allSatisfy { $0["valid"] as? Bool == true && $0["acked"] as? Bool == true })
        #expect(received.compactMap { $0["cn"] as? String } == ["2011", "2051", "2011"])
        let cps = received.compactMap { $0["cp"] as? String }
        #expect(cps.first == "DataTime=20260101000000;w01009-Rtd=2.0,w01009-Flag=N;w01001-Rtd=7.20,w01001-Flag=S")
        // 30 good samples 2, 3, 2, ... then 30 without communication: the minute is N over the good ones.
        #expect(cps.dropFirst().first == "DataTime=20260101000000;w01009-Min=2.0,w01009-Avg=2.5,w01009-Max=3.0,w01009-Flag=N;"
            + "w01001-Min=7.20,w01001-Avg=7.20,w01001-Max=7.20,w01001-Flag=S")
        #expect(cps.last == "DataTime=20260101000100;w01009-Rtd=2.0,w01009-Flag=B;w01001-Rtd=7.20,w01001-Flag=S")
    }

    /// A folder (removed by the caller) with a password file, simulator.toml and an uplink using them.
    static func setUp() throws -> (folder: String, unit: UnitConfig, config: HJ212UplinkConfig) {
        let folder = NSTemporaryDirectory() + "floc-hj212-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let passwordFile = folder + "/pw"
        _ = FileManager.default.createFile(atPath: passwordFile, contents: Data("123456\n".utf8))
        chmod(passwordFile, 0o600)
        let unit = try ConfigLoader.loadUnit(at: PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path)
        var config = HJ212UplinkConfig()
        config.host = "127.0.0.1"
        config.port = PeerProcess.freePort()
        config.mn = "010000A8900016F000169DC0"
        config.passwordFile = passwordFile
        return (folder, unit, config)
    }

    @Test func openPeriodsSurviveARestartOfTheService() throws {
        let (folder, unit, base) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = base
        config.realtimeInterval = 3600
        config.minuteInterval = 10
        config.factors = [("w01009", "do1.oxygen")]
        let clock = ManualClock()
        let image = PointImage()
        let time = Mutex<UInt64>(Self.start)
        func service() throws -> UnitHJ212Service {
            try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: image, clock: clock,
                                 engine: nil, logger: quietLogger, now: { time.withLock { $0 } })
        }
        func sample(_ service: UnitHJ212Service, seconds: ClosedRange<UInt64>, value: Double) {
            for second in seconds {
                time.withLock { $0 = Self.start + second * 1000 }
                image.update(["do1.oxygen": PointSample(value: value, quality: .good, time: clock.now)])
                service.sampleOnce()
            }
        }
        let first = try service()
        sample(first, seconds: 0...299, value: 2)   // 00:00:00 - 00:04:59, then Floc stops
        first.stop()
        time.withLock { $0 = Self.start + 400_000 }
        let second = try service()                  // back at 00:06:40, in the same 10-minute period
        sample(second, seconds: 400...600, value: 4)
        let minute = try second.queue.pending(uplink: UnitHJ212Service.uplink, limit: 100)
            .compactMap { try? HJ212Message(parsing: String(decoding: $0.payload, as: UTF8.self)) }.filter { $0.cn == "2051" }
        // 300 samples of 2 before the restart, 200 of 4 after: one minute upload over both.
        #expect(minute.map(\.cp) == ["DataTime=20260101000000;w01009-Min=2.0,w01009-Avg=2.8,w01009-Max=4.0,w01009-Flag=N"])
    }

    @Test func aValueWiderThanItsFormatIsClampedFlaggedAndLoggedOnce() throws {
        let (folder, unit, base) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = base
        config.realtimeInterval = 1
        config.factors = [("w01001", "ph1.ph"), ("w01009", "do1.oxygen")]
        let lines = LogLines()
        let time = Mutex<UInt64>(Self.start)
        let image = PointImage()
        let clock = ManualClock()
        let service = try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: image,
                                           clock: clock, engine: nil, logger: Logger(label: "floc.test") { _ in
                                               CapturingLogHandler(lines: lines)
                                           }, now: { time.withLock { $0 } })
        for second in 0..<3 as Range<UInt64> {
            time.withLock { $0 = Self.start + second * 1000 }
            // A pH transmitter's raw counts mapped as pH: 140 has three integer digits, pH's N2.2 two.
            image.update(["ph1.ph": PointSample(value: 140, quality: .good, time: clock.now),
                          "do1.oxygen": PointSample(value: 2.04, quality: .good, time: clock.now)])
            service.sampleOnce()
        }
        let realTime = try service.queue.pending(uplink: UnitHJ212Service.uplink, limit: 10)
            .compactMap { try? HJ212Message(parsing: String(decoding: $0.payload, as: UTF8.self)) }.filter { $0.cn == "2011" }
        #expect(realTime.count == 3)
        #expect(realTime.allSatisfy { $0.cp.hasSuffix("w01001-Rtd=99.99,w01001-Flag=T;w01009-Rtd=2.0,w01009-Flag=N") })
        let warnings = lines.all.filter { $0.contains("more integer digits") }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.contains("w01001 = 140.0 has more integer digits than its HJ 212-2017 format N2.2") == true)
        #expect(warnings.first?.contains("sent as 99.99 flagged T") == true)
    }

    @Test func aMassPollutantInAnotherUnitThanAppendixBIsRefused() throws {
        let (folder, unit, base) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = base
        config.factors = [("w00000", "airflow1.flow"), ("w21003", "do1.oxygen")]
        config.units = ["w00000": "m3/h", "w21003": "ug/L"]
        #expect(throws: HJ212UnitError.self) {
            try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: PointImage(),
                                 clock: ManualClock(), engine: nil, logger: quietLogger)
        }
        config.units["w21003"] = "mg/L"
        let service = try UnitHJ212Service(unit: unit, config: config, queuePath: folder + "/telemetry.db", image: PointImage(),
                                           clock: ManualClock(), engine: nil, logger: quietLogger)
        #expect(service.reporter.withLock { $0.cumulation }?.massCodes == ["w21003"])
    }
}
