import HAL
import Testing

@Suite struct ClockTests {
    @Test func manualClockAdvancesOnlyWhenTold() {
        let clock = ManualClock()
        #expect(clock.now == .zero)
        clock.advance(by: .milliseconds(250))
        #expect(clock.now.nanoseconds == 250_000_000)
        clock.sleep(until: MonotonicInstant(nanoseconds: 100))
        #expect(clock.now.nanoseconds == 250_000_000, "sleeping to a past deadline must not go back")
        clock.sleep(until: MonotonicInstant(nanoseconds: 1_000_000_000))
        #expect(clock.now.nanoseconds == 1_000_000_000)
    }

    @Test func instantArithmetic() {
        let a = MonotonicInstant(nanoseconds: 5_000)
        #expect((a + .microseconds(2)).nanoseconds == 7_000)
        #expect((a + .microseconds(-10)).nanoseconds == 0, "clamps at the origin")
        #expect(MonotonicInstant(nanoseconds: 3_000) - a == .nanoseconds(-2_000))
        #expect(Duration.milliseconds(1500).seconds == 1.5)
    }

    @Test func systemClockIsMonotonicAndSleepsToAbsoluteDeadline() {
        let clock = SystemMonotonicClock()
        let start = clock.now
        let deadline = start + .milliseconds(5)
        clock.sleep(until: deadline)
        #expect(clock.now >= deadline)
    }
}
