import FieldIO
import HAL
import Testing

typealias GuardBench = Fixtures.Bench

/// Every output has a safe value and a maximum age: the poller, not the scan, enforces it.
@Suite struct OutputGuardTests {
    static let key = "vfd.setpoint"

    /// A VFD polled once a minute (so only the guard can wake the poller), guarded at 2 s, safe 5.
    func guardedBench() -> (GuardBench, OutputHandle) {
        let device = Fixtures.device("vfd", address: 3, points: [Fixtures.setpoint], pollFast: 60, pollSlow: 60)
        let bench = GuardBench([device])
        bench.link.addUnit(3)
        let handle = bench.image.guardOutput(OutputGuard(key: Self.key, safe: 5, maxAge: .seconds(2)), at: bench.clock.now)
        return (bench, handle)
    }

    func register(_ bench: GuardBench) -> UInt16? { bench.link.register(.holdingRegister, unit: 3, address: 10) }

    @Test func aStaleRequestFallsBackToTheSafeValueOnceAndRecoversOnRefresh() {
        let (bench, handle) = guardedBench()
        bench.image.setDesired([handle], values: [42], at: bench.clock.now)
        bench.run(seconds: 1.9)
        #expect(register(bench) == 420, "refreshed within its age: the program's value")
        #expect(!bench.image.isExpired(Self.key))
        bench.run(seconds: 0.2)
        #expect(register(bench) == 50, "2 s without a refresh: the safe value, written by the poller")
        #expect(bench.image.isExpired(Self.key))
        bench.run(seconds: 10)
        #expect(bench.poller.statistics.devices["vfd"]?.safeFallbacks == 1, "reported once, not every cycle")
        bench.image.setDesired([handle], values: [30], at: bench.clock.now)
        bench.poller.step()
        #expect(register(bench) == 300, "a refresh ends the fallback at the next cycle")
        #expect(!bench.image.isExpired(Self.key))
    }

    @Test func theGuardWakesAnIdlePollerAtTheExpiry() {
        let (bench, handle) = guardedBench()
        bench.image.setDesired([handle], values: [42], at: bench.clock.now)
        bench.poller.step()
        #expect(bench.poller.nextDeadline == bench.clock.now + .seconds(2), "not the 60 s poll: the output's expiry")
    }

    @Test func anUntimedRequestDoesNotKeepAGuardedOutputAlive() {
        let (bench, _) = guardedBench()
        bench.run(seconds: 1)
        bench.image.setDesired(42, for: Self.key)
        bench.run(seconds: 0.5)
        #expect(register(bench) == 420)
        bench.run(seconds: 0.6)
        #expect(register(bench) == 50, "only the scan's timed refresh counts against the maximum age")
    }

    @Test func nilInAFrameLeavesTheOutputUnrefreshed() {
        let (bench, handle) = guardedBench()
        bench.image.setDesired([handle], values: [42], at: bench.clock.now)
        bench.clock.advance(by: .seconds(1.5))
        bench.image.setDesired([handle], values: [nil], at: bench.clock.now)
        bench.clock.advance(by: .seconds(0.6))
        let desired = bench.image.desired([Self.key], at: bench.clock.now)
        #expect(desired.values[Self.key] == 5)
        #expect(desired.expired == [Self.key])
    }

    @Test func unguardedOutputsNeverExpire() {
        let device = Fixtures.device("vfd", address: 3, points: [Fixtures.setpoint], pollFast: 60, pollSlow: 60)
        let bench = GuardBench([device])
        bench.link.addUnit(3)
        bench.image.setDesired(42, for: Self.key)
        bench.run(seconds: 3600)
        #expect(register(bench) == 420)
        #expect(bench.image.desired([Self.key], at: bench.clock.now).nextExpiry == nil)
    }
}

@Suite struct PointImageReadTests {
    @Test func readsByHandleWithStalenessAndUnknownPointsAsNotYetRead() {
        let image = PointImage()
        let clock = ManualClock()
        let handle = image.register("do1.oxygen", staleAfter: .seconds(3), at: clock.now)
        image.update([handle], samples: [PointSample(value: 2.5, quality: .good, time: clock.now)])
        var samples = Array(repeating: PointSample.notYetRead(at: .zero), count: 2)
        image.read([handle, nil], into: &samples, at: clock.now + .seconds(1))
        #expect(samples[0].value == 2.5 && samples[0].quality == .good)
        #expect(samples[1].quality == .notYetRead && samples[1].value.isNaN)
        image.read([handle, nil], into: &samples, at: clock.now + .seconds(4))
        #expect(samples[0].quality == .stale, "staleness is applied by the reader, as in snapshot(at:)")
    }

    @Test func theGenerationMovesOnlyWhenAPointIsAdded() {
        let image = PointImage()
        let before = image.generation
        image.register("a.b", staleAfter: nil, at: .zero)
        let after = image.generation
        image.update(["a.b": PointSample(value: 1, quality: .good, time: .zero)])
        #expect(after != before)
        #expect(image.generation == after)
        #expect(image.handle("a.b") != nil && image.handle("a.c") == nil)
    }
}

@Suite struct GPIOOutputGuardTests {
    @Test func aStaleGPIORequestDrivesTheSafeLevel() {
        let clock = ManualClock()
        let image = PointImage()
        let relay = GPIOPollerTests.line(true)
        let poller = GPIOPoller(points: [GPIOPollerTests.point("dosing", .output)], lines: ["dosing": relay],
                                image: image, clock: clock, logger: Fixtures.logger)
        let handle = image.guardOutput(OutputGuard(key: "gpio.dosing", safe: 0, maxAge: .seconds(1)), at: clock.now)
        image.setDesired([handle], values: [1], at: clock.now)
        poller.step()
        #expect(relay.level, "refreshed: the program's level")
        clock.advance(by: .milliseconds(999))
        poller.step()
        #expect(relay.level)
        clock.advance(by: .milliseconds(1))
        poller.step()
        #expect(!relay.level, "1 s without a refresh: the safe level")
        #expect(image.isExpired("gpio.dosing"))
    }
}
