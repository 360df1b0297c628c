@testable import Config
import FieldIO
import HAL
import Testing

/// One device answering later than its timeout on an RS-485 line (floc-sim's `slow`): its late
/// answer holds the half-duplex pair, so whatever is sent meanwhile waits behind it. The
/// others must keep their period and their values must never turn bad.
@Suite struct SlowDeviceTests {
    typealias Bench = Fixtures.Bench

    /// The simulator unit's RTU line: an e-stop input module every 0.5 s (stale after 1.5 s)
    /// and a DO probe every 2 s, 0.3 s timeout, one retry, back-off 1 to 30 s.
    static func line() -> Bench {
        let io = Fixtures.device("io1", address: 2, points: BusPollerTests.points, pollFast: 0.5, timeout: 0.3,
                                 staleAfter: 1.5)
        let probe = Fixtures.device("do1", address: 10, points: BusPollerTests.points, pollFast: 2, timeout: 0.3,
                                    retries: 1, backoffMin: 1, backoffMax: 30)
        let bench = Bench([io, probe])
        BusPollerTests.instrument(bench.link, unit: 2)
        BusPollerTests.instrument(bench.link, unit: 10)
        return bench
    }

    /// Runs the poller as its thread would for `seconds`, looking at `key` at least every 0.1 s;
    /// the qualities it had.
    static func run(_ bench: Bench, seconds: Double, watching key: String) -> Set<PointQuality> {
        let end = bench.clock.now + .seconds(seconds)
        var seen: Set<PointQuality> = []
        while bench.clock.now < end {
            bench.poller.step()
            if let quality = bench.sample(key)?.quality { seen.insert(quality) }
            bench.clock.sleep(until: min(bench.poller.nextDeadline, bench.clock.now + .milliseconds(100), end))
            if let quality = bench.sample(key)?.quality { seen.insert(quality) }
        }
        return seen
    }

    @Test func aSlowDeviceDoesNotStallItsLine() {
        let bench = Self.line()
        #expect(Self.run(bench, seconds: 10, watching: "io1.status") == [.good])
        bench.link.inject(.slow(seconds: 1), unit: 10)
        let during = Self.run(bench, seconds: 120, watching: "io1.status")
        #expect(during == [.good], "the e-stop module's input stays good: \(during)")
        let stats = bench.poller.statistics.devices
        #expect(abs((stats["io1"]?.pollRate ?? 0) - 2) < 0.2, "io1 keeps its 0.5 s period: \(String(describing: stats["io1"]))")
        #expect(bench.sample("do1.oxygen")?.quality == .commFail)
        #expect(stats["do1"]?.backoff == 30)
        // 10 s healthy (5 turns of 2 requests), 2 turns of one request, then a probe after
        // 1, 2, 4, 8, 16, 30, 30, 30 s.
        let requests = bench.link.counts(unit: 10).reads
        #expect(requests <= 10 + 2 + 9, "the slow probe got \(requests) requests")
        // Each request to the slow probe costs its neighbour one turn at most.
        let missed = stats["io1"]?.failures ?? 0
        #expect(missed <= requests - 10, "io1 missed \(missed) turns for \(requests - 10) requests to the slow probe")
    }

    @Test func aRecoveredDeviceIsBackOnItsScheduleAfterOneAnswer() {
        let bench = Self.line()
        bench.link.inject(.slow(seconds: 1), unit: 10)
        _ = Self.run(bench, seconds: 20, watching: "do1.oxygen")
        #expect(bench.sample("do1.oxygen")?.quality == .commFail)
        #expect((bench.poller.statistics.devices["do1"]?.backoff ?? 0) >= 8)
        bench.link.clearFaults(unit: 10)
        let backoff = bench.poller.statistics.devices["do1"]?.backoff ?? 0
        _ = Self.run(bench, seconds: backoff + 0.5, watching: "do1.oxygen")
        #expect(bench.sample("do1.oxygen")?.quality == .good)
        let before = bench.link.counts(unit: 10).reads
        _ = Self.run(bench, seconds: 10, watching: "do1.oxygen")
        #expect(bench.link.counts(unit: 10).reads - before == 10, "polled every 2 s again, 2 requests a turn")
        #expect(bench.poller.statistics.devices["do1"]?.consecutiveFailures == 0)
    }

    @Test func oneMissedTurnLeavesTheValuesToAgeAndTheNextIsTheRetry() {
        let bench = Self.line()
        _ = Self.run(bench, seconds: 1, watching: "do1.oxygen")
        bench.link.inject(.absent, unit: 10)
        _ = Self.run(bench, seconds: 1.9, watching: "do1.oxygen")
        #expect(bench.sample("do1.oxygen")?.quality == .good, "one miss, within stale_after: the last value stands")
        #expect(bench.poller.statistics.devices["do1"]?.consecutiveFailures == 1)
        #expect(bench.poller.statistics.devices["do1"]?.backoff == 0)
        _ = Self.run(bench, seconds: 2, watching: "do1.oxygen")
        #expect(bench.sample("do1.oxygen")?.quality == .commFail, "the retry turn missed too")
        #expect(bench.poller.statistics.devices["do1"]?.backoff == 1)
    }
}
