import Emulator
import FieldIO
import FlocTestSupport
import HAL
import Testing

/// Each fault kind as the master sees it, activated by simulated time (no sleeps: the
/// emulator is stepped past the fault's start).
@Suite("Emulator faults seen by Floc", .serialized,
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct FaultTests {
    /// The shipped bindings are not needed: a few points and one fault starting at 10 s.
    static func scenario(_ fault: String) -> String {
        """
        [scenario]
        name = "fault-test"
        unit = "@UNIT@"
        [plant]
        model = "table"
        [plant.initial]
        "basin.do" = 2.0
        "basin.level" = 1.5
        "blower1.speed" = 50.0
        [bindings]
        "do1.oxygen" = "basin.do"
        "level1.level" = "basin.level"
        "blower1.actual_speed" = "blower1.speed"
        [[faults]]
        start_s = 10
        end_s = 20
        \(fault)
        """
    }

    /// Short device timeouts keep failing reads quick.
    static let quick = ["devices.do1.timeout_ms=300", "devices.level1.timeout_ms=300", "devices.blower1.timeout_ms=300"]

    @Test func absentDeviceIsCommFailUntilTheFaultEnds() throws {
        let bench = try SimBench(scenarioText: Self.scenario("kind = \"absent\"\ndevice = \"do1\""), overrides: Self.quick)
        defer { bench.stop() }
        #expect(try bench.probe("do1")["oxygen"]?.quality == .good)
        bench.emulator.step(by: 10)
        #expect(try bench.probe("do1")["oxygen"]?.quality == .commFail)
        #expect(try bench.probe("level1")["level"]?.quality == .good, "other devices on the bus still answer")
        bench.emulator.step(by: 10)
        #expect(try bench.probe("do1")["oxygen"]?.quality == .good)
    }

    @Test func exceptionOnAnAddressRangeIsDeviceException() throws {
        let fault = "kind = \"exception\"\ndevice = \"blower1\"\ncode = 6\ntable = \"holding\"\naddresses = [2100, 2107]"
        let bench = try SimBench(scenarioText: Self.scenario(fault), overrides: Self.quick)
        defer { bench.stop() }
        bench.emulator.step(by: 10)
        let samples = try bench.probe("blower1")
        #expect(samples["actual_speed"]?.quality == .deviceException(.serverDeviceBusy))
        #expect(samples["energy"]?.quality == .good, "addresses outside the range still answer")
    }

    @Test func frozenPointStopsChanging() throws {
        let bench = try SimBench(scenarioText: Self.scenario("kind = \"frozen\"\ndevice = \"do1\"\npoint = \"oxygen\""))
        defer { bench.stop() }
        bench.plant.set("basin.do", to: 2.5)
        bench.emulator.step(by: 5)
        bench.emulator.step(by: 5)
        bench.plant.set("basin.do", to: 4.0)
        bench.emulator.step(by: 1)
        #expect(try bench.probe("do1")["oxygen"]?.value == 2.5)
        bench.emulator.step(by: 10)
        #expect(try bench.probe("do1")["oxygen"]?.value == 4.0)
    }

    @Test func offsetAndDriftAddToTheValue() throws {
        let fault = "kind = \"offset\"\ndevice = \"level1\"\npoint = \"level\"\noffset = 0.5\ndrift_per_hour = 3600"
        let bench = try SimBench(scenarioText: Self.scenario(fault))
        defer { bench.stop() }
        bench.emulator.step(by: 12)
        // 1.5 m + 0.5 m + 1 m/s x 2 s since the fault began.
        let level = try #require(try bench.probe("level1")["level"])
        #expect(abs(level.value - 4.0) < 1e-4, "\(level.value)")
    }

    @Test func bitFlipXorsTheRegisters() throws {
        let fault = "kind = \"bit-flip\"\ndevice = \"blower1\"\npoint = \"actual_speed\"\nmask = 1"
        let bench = try SimBench(scenarioText: Self.scenario(fault))
        defer { bench.stop() }
        bench.emulator.step(by: 10)
        // 50.00 % = 5000 raw; 5000 ^ 1 = 5001.
        #expect(try bench.probe("blower1")["actual_speed"]?.value == 50.01)
    }

    /// 2 s, not just over the 300 ms timeout: on RTU a late answer to the first attempt would
    /// otherwise be taken for the answer to the retry (no transaction id), as on a real line.
    @Test func delayLongerThanTheTimeoutIsCommFailShorterIsGood() throws {
        let slow = try SimBench(scenarioText: Self.scenario("kind = \"delay\"\ndevice = \"level1\"\ndelay_ms = 2000"),
                                overrides: Self.quick)
        defer { slow.stop() }
        slow.emulator.step(by: 10)
        #expect(try slow.probe("level1")["level"]?.quality == .commFail)
        let late = try SimBench(scenarioText: Self.scenario("kind = \"delay\"\ndevice = \"level1\"\ndelay_ms = 100"),
                                overrides: Self.quick)
        defer { late.stop() }
        late.emulator.step(by: 10)
        #expect(try late.probe("level1")["level"]?.quality == .good)
    }
}
