@testable import Config
import FieldIO
import HAL
import Testing

@Suite struct BusPollerTests {
    typealias Bench = Fixtures.Bench

    /// Unit 1 with oxygen 7.5 mg/L, temperature 21.3 degC, status 0b1001.
    static func instrument(_ link: RegisterBankLink, unit: UInt8 = 1, oxygen: Float = 7.5) {
        link.addUnit(unit)
        let bits = oxygen.bitPattern
        link.setRegisters(.inputRegister, unit: unit, address: 0, [UInt16(bits >> 16), UInt16(bits & 0xFFFF), 213])
        link.setRegisters(.holdingRegister, unit: unit, address: 100, [0b1001])
    }

    static let points = [Fixtures.oxygen, Fixtures.temperature, Fixtures.status]

    @Test func goodValuesFlowToTheImage() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points)])
        Self.instrument(bench.link)
        #expect(bench.sample("do1.oxygen")?.quality == .notYetRead)
        bench.poller.step()
        #expect(bench.sample("do1.oxygen") == PointSample(value: 7.5, quality: .good, time: .zero))
        #expect(abs((bench.sample("do1.temperature")?.value ?? 0) - 21.3) < 1e-9)
        #expect(bench.sample("do1.status")?.flags == ["error": true, "calibration_due": true])
        // Batching: input 0..2 in one request, holding 100 in another.
        #expect(bench.poller.statistics.requestsSent == 2)
        #expect(bench.link.counts(unit: 1).reads == 2)
    }

    @Test func outsideTheRangeIsOutOfRange() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points)])
        Self.instrument(bench.link, oxygen: 25)
        bench.poller.step()
        #expect(bench.sample("do1.oxygen")?.quality == .outOfRange)
        #expect(bench.sample("do1.temperature")?.quality == .good)
    }

    @Test func deadDeviceBacksOffWhileLiveDeviceKeepsItsRate() {
        let live = Fixtures.device("live", address: 1, points: Self.points)
        let dead = Fixtures.device("dead", address: 2, points: Self.points, timeout: 0.3, retries: 1,
                                   backoffMin: 1, backoffMax: 8)
        let bench = Bench([live, dead])
        Self.instrument(bench.link, unit: 1)
        bench.run(seconds: 60)
        // The live device is polled every second: 60 cycles of 2 requests.
        let liveReads = bench.link.counts(unit: 1).reads
        #expect(liveReads >= 118 && liveReads <= 122, "live device polled \(liveReads / 2) times in 60 s")
        let stats = bench.poller.statistics
        #expect(abs((stats.devices["live"]?.pollRate ?? 0) - 1) < 0.02)
        // Two turns (the second is the retry), then one probe after 1, 2, 4, 8, 8, ... s, each
        // right after a turn of the live device: one timed-out request each.
        let deadRequests = bench.link.counts(unit: 2).reads
        #expect(deadRequests >= 8 && deadRequests <= 12, "dead device got \(deadRequests) requests")
        #expect(stats.devices["dead"]?.backoff == 8)
        #expect((stats.devices["dead"]?.consecutiveFailures ?? 0) >= 5)
        #expect(stats.devices["dead"]?.lastError?.contains("timeout") == true)
        #expect(bench.sample("dead.oxygen")?.quality == .commFail)
        #expect(bench.sample("live.oxygen")?.quality == .good)
    }

    @Test func deadDeviceRecoversAfterItsBackOff() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points, backoffMin: 1, backoffMax: 8)])
        bench.run(seconds: 5)
        #expect(bench.sample("do1.oxygen")?.quality == .commFail)
        Self.instrument(bench.link)
        bench.run(seconds: 9)
        #expect(bench.sample("do1.oxygen")?.quality == .good)
        #expect(bench.poller.statistics.devices["do1"]?.backoff == 0)
        #expect(bench.poller.statistics.devices["do1"]?.consecutiveFailures == 0)
    }

    @Test func exceptionMarksOnlyThatRequestsPoints() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points)])
        Self.instrument(bench.link)
        bench.link.inject(.exception(.illegalDataAddress, table: .holdingRegister, addresses: 100...100), unit: 1)
        bench.run(seconds: 3)
        #expect(bench.sample("do1.status")?.quality == .deviceException(.illegalDataAddress))
        #expect(bench.sample("do1.oxygen")?.quality == .good)
        let stats = bench.poller.statistics.devices["do1"]
        #expect(stats?.backoff == 0, "an exception is an answer: no back-off")
        #expect(stats?.exceptions == 3)
        #expect(stats?.lastError?.contains("ILLEGAL DATA ADDRESS") == true)
        #expect(bench.link.counts(unit: 1).reads == 6, "polled at the normal rate")
    }

    @Test func linkDownReconnectsAndRecoversByItself() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points)])
        Self.instrument(bench.link)
        bench.poller.step()
        #expect(bench.link.connectCount == 1)
        bench.link.inject(.linkDown, unit: 1)
        bench.run(seconds: 1.5)
        #expect(bench.sample("do1.oxygen")?.quality == .commFail)
        #expect(bench.poller.statistics.devices["do1"]?.lastError?.contains("link down") == true)
        bench.link.clearFaults(unit: 1)
        bench.run(seconds: 10)
        #expect(bench.sample("do1.oxygen")?.quality == .good)
        #expect(bench.poller.statistics.connected)
        #expect(bench.poller.statistics.reconnects >= 1)
    }

    @Test func unreachableLinkRetriesWithBackOff() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points, backoffMin: 1, backoffMax: 8)])
        Self.instrument(bench.link)
        bench.link.isReachable = false
        bench.run(seconds: 20)
        #expect(bench.sample("do1.oxygen")?.quality == .commFail)
        #expect(bench.link.totalRequests == 0)
        bench.link.isReachable = true
        bench.run(seconds: 9)
        #expect(bench.sample("do1.oxygen")?.quality == .good)
    }

    @Test func notRefreshedBecomesStale() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points, staleAfter: 3)])
        Self.instrument(bench.link)
        bench.poller.step()
        // The bus thread is stuck (no steps): the reader must still see the age.
        bench.clock.advance(by: .seconds(2.9))
        #expect(bench.sample("do1.oxygen")?.quality == .good)
        bench.clock.advance(by: .seconds(0.2))
        #expect(bench.sample("do1.oxygen")?.quality == .stale)
        bench.poller.step()
        #expect(bench.sample("do1.oxygen")?.quality == .good)
    }

    @Test func writesOnChangeAndRefreshesPeriodically() {
        let device = Fixtures.device("vfd", address: 3, points: [Fixtures.setpoint], writeRefresh: 5)
        let bench = Bench([device])
        bench.link.addUnit(3)
        bench.image.setDesired(12.3, for: "vfd.setpoint")
        bench.run(seconds: 12)
        // Written at 0, refreshed at 5 and 10.
        #expect(bench.link.counts(unit: 3).writes == 3)
        #expect(bench.link.register(.holdingRegister, unit: 3, address: 10) == 123)
        bench.image.setDesired(45, for: "vfd.setpoint")
        bench.poller.step()
        #expect(bench.link.counts(unit: 3).writes == 4, "a change is written at once")
        #expect(bench.link.register(.holdingRegister, unit: 3, address: 10) == 450)
        #expect(bench.poller.statistics.devices["vfd"]?.writes == 4)
        bench.poller.step()
        #expect(bench.link.counts(unit: 3).writes == 4, "no change, no refresh due: no write")
    }

    @Test func verifyMismatchIsDetected() {
        var spec = Fixtures.setpoint
        spec.verify = true
        let bench = Bench([Fixtures.device("vfd", address: 3, points: [spec])])
        bench.link.addUnit(3)
        bench.link.setRegisters(.holdingRegister, unit: 3, address: 10, [7])
        bench.link.inject(.ignoreWrites, unit: 3)
        bench.image.setDesired(50, for: "vfd.setpoint")
        bench.poller.step()
        #expect(bench.poller.statistics.devices["vfd"]?.verifyMismatches == 1)
        let sample = bench.sample("vfd.setpoint")
        #expect(sample?.quality == .verifyMismatch)
        #expect(abs((sample?.value ?? 0) - 0.7) < 1e-9, "the value the device really holds")
        bench.link.clearFaults(unit: 3)
        bench.image.setDesired(60, for: "vfd.setpoint")
        bench.poller.step()
        #expect(bench.sample("vfd.setpoint")?.quality == .good)
    }

    @Test func batchingFollowsTheDeviceLimit() {
        let points = (0..<6).map { PointSpec(name: "r\($0)", table: .input, address: UInt16($0), type: .uint16) }
        let batched = Bench([Fixtures.device("io", address: 1, points: points)])
        batched.link.addUnit(1)
        batched.poller.step()
        #expect(batched.poller.statistics.requestsSent == 1)
        let limited = Bench([Fixtures.device("io", address: 1, points: points, maxRegisters: 4)])
        limited.link.addUnit(1, RegisterBankLink.Unit(maxRegistersPerRequest: 4))
        limited.poller.step()
        #expect(limited.poller.statistics.requestsSent == 2)
        #expect(limited.sample("io.r5")?.quality == .good)
    }

    @Test func interRequestDelayIsHonoured() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points, interRequestDelay: 0.05)])
        Self.instrument(bench.link)
        bench.poller.step()
        #expect(bench.clock.now == MonotonicInstant(nanoseconds: 50_000_000), "one pause between the two requests")
    }

    @Test func threadRunsUntilStopped() {
        let bench = Bench([Fixtures.device("do1", address: 1, points: Self.points)])
        Self.instrument(bench.link)
        bench.poller.start()
        // The manual clock jumps to each deadline, so the thread races through simulated time.
        var spins = 0
        while bench.poller.statistics.requestsSent < 10, spins < 50_000_000 { spins += 1 }
        bench.poller.stop()
        #expect(bench.poller.statistics.requestsSent >= 10)
        #expect(!bench.link.isConnected, "stop closes the link")
    }
}
