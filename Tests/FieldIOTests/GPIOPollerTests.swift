@testable import Config
import FieldIO
import HAL
import Testing

@Suite struct GPIOPollerTests {
    static func point(_ name: String, _ direction: GPIODirection, debounce: Double = 0.05,
                      initial: Bool = false, safe: Bool = false) -> GPIOPointConfig {
        GPIOPointConfig(name: name, direction: direction, pin: "P1-13", chipLabel: "test", line: 27,
                        activeLow: false, bias: .asIs, debounce: debounce, initial: initial, safe: safe,
                        lineInFile: 1)
    }

    static func line(_ output: Bool, level: Bool = false) -> MemoryDigitalLine {
        MemoryDigitalLine(address: LineAddress(chipLabel: "test", offset: 27, pin: "P1-13", board: "bench"),
                          isOutput: output, level: level)
    }

    @Test(arguments: [
        // (raw levels every 10 ms, debounced level after each)
        ([false, true, true, true, true, true, true], [false, false, false, false, false, false, true]),
        ([false, true, false, true, false, true, false], [false, false, false, false, false, false, false]),
        ([true, false, false, false, false, false, false, true], [true, true, true, true, true, true, false, false]),
    ])
    func debounceNeedsTheHoldTime(raw: [Bool], expected: [Bool]) {
        var debouncer = Debouncer(hold: .milliseconds(50))
        var seen: [Bool] = []
        for (index, level) in raw.enumerated() {
            seen.append(debouncer.update(raw: level, at: MonotonicInstant(nanoseconds: UInt64(index) * 10_000_000)))
        }
        #expect(seen == expected)
    }

    @Test func inputsAreDebouncedIntoTheImage() {
        let clock = ManualClock()
        let image = PointImage()
        let float = Self.line(false)
        let poller = GPIOPoller(points: [Self.point("float_high", .input)], lines: ["float_high": float],
                                image: image, clock: clock, logger: Fixtures.logger)
        #expect(image.sample("gpio.float_high")?.quality == .notYetRead)
        poller.step()
        #expect(image.sample("gpio.float_high")?.value == 0)
        float.level = true
        for _ in 0..<4 {
            clock.advance(by: .milliseconds(10))
            poller.step()
        }
        #expect(image.sample("gpio.float_high")?.value == 0, "a 40 ms pulse is bounce, not a level")
        clock.advance(by: .milliseconds(20))
        poller.step()
        #expect(image.sample("gpio.float_high")?.value == 1)
        #expect(image.sample("gpio.float_high")?.quality == .good)
    }

    @Test func outputsFollowDesiredOnChangeAndGoSafeOnStop() {
        let clock = ManualClock()
        let image = PointImage()
        let horn = Self.line(true)
        let poller = GPIOPoller(points: [Self.point("horn", .output, initial: false, safe: false)],
                                lines: ["horn": horn], image: image, clock: clock, logger: Fixtures.logger)
        #expect(image.sample("gpio.horn")?.value == 0)
        image.setDesired(1, for: "gpio.horn")
        poller.step()
        poller.step()
        #expect(horn.level)
        #expect(horn.writeCount == 1, "written on change only")
        #expect(image.sample("gpio.horn")?.value == 1)
        poller.stop()
        #expect(!horn.level, "stop drives the safe level")
        #expect(horn.isReleased)
        #expect(image.sample("gpio.horn")?.value == 0)
    }

    @Test func aFailingLineIsCommFailNotACrash() {
        let clock = ManualClock()
        let image = PointImage()
        // An input line handed in for an output point: every write fails, as a lost chip would.
        let wrong = Self.line(false)
        let poller = GPIOPoller(points: [Self.point("pump", .output)], lines: ["pump": wrong], image: image,
                                clock: clock, logger: Fixtures.logger)
        image.setDesired(1, for: "gpio.pump")
        poller.step()
        #expect(image.sample("gpio.pump")?.quality == .commFail)
    }
}
