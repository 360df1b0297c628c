import CommandLineSupport
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct LoggingTests {
    @Test func theLimiterLetsOneMessagePerIntervalAndCountsTheRest() {
        let limiter = LogRateLimiter(interval: 10)
        #expect(limiter.admit("bus down", now: 0) == "")
        #expect(limiter.admit("bus down", now: 1) == nil)
        #expect(limiter.admit("bus down", now: 9) == nil)
        #expect(limiter.admit("other", now: 9) == "", "keys are limited apart")
        #expect(limiter.admit("bus down", now: 10) == " (repeated 2 times)")
        #expect(limiter.admit("bus down", now: 20.5) == "", "nothing held back since")
    }

    @Test func theLimiterForgetsTheOldestKeyWhenFull() {
        let limiter = LogRateLimiter(interval: 10, capacity: 2)
        _ = limiter.admit("a", now: 0)
        _ = limiter.admit("b", now: 1)
        _ = limiter.admit("c", now: 2)
        #expect(limiter.admit("a", now: 3) == "", "a was forgotten, so it is new again")
        #expect(limiter.admit("c", now: 3) == nil)
    }

    @Test func aFullRingDropsAndCountsInsteadOfBlocking() {
        let ring = LogRing(capacity: 3)
        for index in 0..<5 { ring.push("line \(index)") }
        #expect(ring.droppedCount == 2)
        var written: [String] = []
        ring.drain(timeout: 0) { written += $0 }
        #expect(written == ["line 0", "line 1", "line 2", "floc: 2 log lines dropped (log queue full)"])
        #expect(ring.push("line 5"))
        ring.drain(timeout: 0) { written += $0 }
        #expect(written.last == "line 5")
    }

    @Test func flushWaitsForTheWriterThread() {
        let ring = LogRing(capacity: 100)
        let written = Mutex<[String]>([])
        let thread = Thread {
            for _ in 0..<50 { ring.drain(timeout: 0.05) { lines in written.withLock { $0 += lines } } }
        }
        thread.start()
        for index in 0..<20 { ring.push("\(index)") }
        ring.flush(timeout: 2)
        #expect(written.withLock { $0.count } == 20)
    }

    @Test func theHandlerQueuesFormattedLinesAndHoldsBackRepeats() {
        let ring = LogRing(capacity: 100)
        let clock = Mutex(0.0)
        let handler = NonBlockingLogHandler(label: "floc", ring: ring, limiter: LogRateLimiter(interval: 30), journal: true,
                                            now: { clock.withLock { $0 } })
        let logger = Logger(label: "floc", factory: { _ in handler })
        for _ in 0..<5 { logger.error("bus plant stalled", metadata: ["bus": "plant"]) }
        logger.warning("scan overrun")
        logger.notice("command", metadata: ["user": "tech"])
        logger.notice("command", metadata: ["user": "tech"])
        clock.withLock { $0 = 31 }
        logger.error("bus plant stalled", metadata: ["bus": "plant"])
        var lines: [String] = []
        ring.drain(timeout: 0) { lines += $0 }
        #expect(lines == ["<3>error floc: bus=plant bus plant stalled",
                          "<4>warning floc: scan overrun",
                          "<5>notice floc: user=tech command",
                          "<5>notice floc: user=tech command",
                          "<3>error floc: bus=plant bus plant stalled (repeated 4 times)"])
    }
}
