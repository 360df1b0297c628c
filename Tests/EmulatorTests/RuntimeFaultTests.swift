import Emulator
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import Testing

/// Faults injected into a running `floc-sim serve` through its control socket (and its CLI),
/// seen by Floc's BusPoller over libmodbus, TCP and RTU; cleared, the points recover.
@Suite("floc-sim faults at run time", .serialized,
       .enabled(if: BuiltBinary.path("floc-sim") != nil, "floc-sim not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct RuntimeFaultTests {
    /// The table plant with the plant file's bindings: signals hold what `plant set` says.
    static let tableScenario = """
    [scenario]
    name = "table"
    [plant]
    model = "table"
    file = "@PLANT@"
    [plant.initial]
    "basin.do" = 2.0
    "basin.level" = 1.5
    "blower1.speed" = 50.0
    "blower1.running" = 1
    """

    @Test func silentDeviceIsCommFailOnlyWhileTheFaultLasts() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: ["field"])
        defer { plant.stop() }
        #expect(plant.freshGood("do1", "oxygen") != nil)
        let added = try plant.control("fault add silent do1")
        #expect(added.hasPrefix("ok #1 absent do1 (from t=") && added.hasSuffix(" s, until cleared)"), "\(added)")
        #expect(plant.wait { plant.sample("do1", "oxygen")?.quality == .commFail })
        #expect(plant.freshGood("level1", "level") != nil, "the other devices on the bus still answer")
        #expect(try plant.control("fault clear 1") == "ok cleared #1")
        #expect(plant.freshGood("do1", "oxygen")?.value == 2.0)
        #expect(try plant.control("fault list") == "ok 0 faults")
    }

    @Test func exceptionIsTheNamedExceptionOnTheRangeOnly() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: ["plant"])
        defer { plant.stop() }
        let cli = try plant.cli(["fault", "add", "exception", "blower1", "code=6", "table=holding", "addresses=2100-2107"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.hasPrefix("#1 exception blower1"), "\(cli.stdout)")
        #expect(plant.wait { plant.sample("blower1", "actual_speed")?.quality == .deviceException(.serverDeviceBusy) })
        #expect(plant.freshGood("blower1", "energy") != nil, "addresses outside the range still answer")
        #expect(try plant.cli(["fault", "clear", "all"]).stdout == "cleared 1 fault\n")
        #expect(plant.freshGood("blower1", "actual_speed")?.value == 50)
    }

    @Test("noise: CRC errors on RTU, a broken transaction id on TCP; counted, then recovery",
          arguments: [("do1", "oxygen", "field"), ("blower1", "actual_speed", "plant")])
    func noiseIsBadFramesThenRecovery(device: String, point: String, bus: String) throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: [bus])
        defer { plant.stop() }
        #expect(plant.freshGood(device, point) != nil)
        let failuresBefore = plant.statistics(device).failures
        #expect(try plant.control("fault add noise \(device)").hasPrefix("ok #1 noise \(device)"))
        #expect(plant.wait { plant.sample(device, point)?.quality == .badFrame })
        #expect(plant.statistics(device).failures >= failuresBefore + 2, "a failed poll and its retry")
        if bus == "field" {
            #expect(plant.statistics(device).lastError?.contains("CRC") == true, "\(plant.statistics(device).lastError ?? "-")")
        }
        #expect(try plant.control("fault clear all") == "ok cleared 1 fault")
        #expect(plant.freshGood(device, point) != nil)
        #expect(plant.wait { plant.statistics(device).consecutiveFailures == 0 })
    }

    @Test func stuckKeepsTheValueAndDriftAddsToIt() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: ["field"])
        defer { plant.stop() }
        #expect(try plant.control("plant set basin.do 2.5") == "ok basin.do = 2.5 mg/L")
        #expect(plant.freshGood("do1", "oxygen")?.value == 2.5)
        #expect(try plant.control("fault add stuck do1.oxygen --for 3600").hasPrefix("ok #1 frozen do1.oxygen"))
        #expect(try plant.control("plant set basin.do 4") == "ok basin.do = 4 mg/L")
        #expect(try plant.control("plant get basin.do") == "ok basin.do = 4 mg/L")
        #expect(plant.freshGood("do1", "oxygen")?.value == 2.5, "a stuck probe shows its old value")
        _ = try plant.control("fault clear 1")
        #expect(plant.freshGood("do1", "oxygen")?.value == 4)

        #expect(try plant.control("fault add drift level1.level offset=0.5").hasPrefix("ok #2 offset level1.level"))
        let level = try #require(plant.freshGood("level1", "level"))
        #expect(abs(level.value - 2.0) < 1e-4, "1.5 m + 0.5 m: \(level.value)")
    }

    @Test func deadProbeReadsOutOfRangeAndSlowOneTimesOut() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: ["field"])
        defer { plant.stop() }
        #expect(plant.freshGood("do1", "oxygen") != nil)
        _ = try plant.control("fault add dead do1.oxygen")
        #expect(plant.wait { plant.sample("do1", "oxygen")?.quality == .outOfRange })
        #expect(try #require(plant.sample("do1", "oxygen")).value < 0, "below the probe's 0..20 mg/L")
        _ = try plant.control("fault add slow level1 delay_ms=2000")
        #expect(plant.wait { plant.sample("level1", "level")?.quality == .commFail })
    }

    @Test func blowerTripStopsTheBlowerAndSetsTheFaultBit() throws {
        let plant = try ServedPlant(arguments: ["--speed", "10"], poll: ["plant"])
        defer { plant.stop() }
        _ = try plant.control("plant set blower1.run_command 1")
        _ = try plant.control("plant set blower1.speed_command 80")
        #expect(plant.wait(within: 20) { (plant.sample("airflow1", "flow")?.value ?? 0) > 50 }, "the blower blows")
        let running = try #require(plant.freshGood("blower1", "status_word"))
        #expect(running.flags["run"] == true && running.flags["fault"] == false)

        #expect(try plant.control("fault add trip blower1").hasPrefix("ok #1 trip blower1"))
        #expect(plant.wait { plant.sample("blower1", "status_word")?.flags["run"] == false })
        #expect(plant.sample("blower1", "status_word")?.flags["fault"] == true)
        #expect(plant.wait(within: 20) { (plant.sample("airflow1", "flow")?.value ?? 100) < 5 }, "the airflow falls")
        #expect(try plant.control("plant get blower1.running") == "ok blower1.running = 0 0/1")

        _ = try plant.control("fault clear all")
        #expect(plant.wait { plant.sample("blower1", "status_word")?.flags["fault"] == false })

        // A failed pump delivers nothing whatever it is told.
        _ = try plant.control("plant set dosing.acid_pump 100")
        #expect(plant.wait { (try? plant.control("plant get dosing.acid_flow")) != "ok dosing.acid_flow = 0 L/h" })
        #expect(try plant.control("fault add pump-failure dosing.acid_pump --for 600").hasPrefix("ok #2 pump-failure dosing.acid_pump"))
        #expect(try plant.control("plant get dosing.acid_flow") == "ok dosing.acid_flow = 0 L/h")
    }

    @Test func speedScalesPlantTime() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, arguments: ["--speed", "20"], poll: [])
        defer { plant.stop() }
        func simulated() throws -> Double {
            let status = try plant.control("status")
            return try #require(Double(status.dropFirst("ok t=".count).prefix { $0 != " " }), "\(status)")
        }
        let first = try simulated()
        let start = Date()
        usleep(1_500_000)
        let elapsed = try simulated() - first
        let wall = Date().timeIntervalSince(start)
        #expect(abs(elapsed - 20 * wall) < 20 * 0.3, "simulated \(elapsed) s in \(wall) s of wall time")
    }

    @Test func malformedCommandsAreAnsweredWithErrorsAndServingGoesOn() throws {
        let plant = try ServedPlant(scenario: Self.tableScenario, poll: ["field"])
        defer { plant.stop() }
        let answers: [(String, String)] = [
            ("launch", "error: unknown command 'launch'; try 'help'"),
            ("fault add", "error: usage: fault add <kind> <device>[.<point>] [key=value ...] [--for <s>]"),
            ("fault add melt do1", "error: kind: 'melt' is not one of: absent, exception, frozen, offset, bit-flip, delay, noise, dead, trip, pump-failure"),
            ("fault add silent pump9", "error: unit sim-container has no device 'pump9' (devices: blower1, airflow1, do1, ph1, level1, io1)"),
            ("fault add stuck do1.oxygne", "error: device do1 (aqualabo-optod) has no point 'oxygne'"),
            ("fault add slow level1 delay_ms=fast", "error: delay_ms: expected integer, found string"),
            ("fault add slow level1 delay_ms=800 --for -3", "error: --for needs a positive number of seconds, not '-3'"),
            ("fault add trip blower1", "error: this plant model has no equipment faults (trip, pump-failure need the container model)"),
            ("fault clear 7", "error: no injected fault #7 (see 'fault list')"),
            ("plant get basin.oxygen", "error: the plant has no signal 'basin.oxygen' (see 'plant list')"),
            ("plant set basin.do lots", "error: 'lots' is not a number"),
        ]
        for (command, expected) in answers {
            let answer = try plant.control(command)
            #expect(answer.hasPrefix(expected), "\(command) -> \(answer)")
        }
        // Binary junk and an endless line: answered or dropped, the simulator stays up.
        #expect(try plant.control("\u{01}\u{02}\u{7F}").hasPrefix("error: unknown command"))
        let long = try? ControlClient.send(String(repeating: "x", count: 10_000), to: plant.socketPath)
        #expect(long == nil || long == "error: line longer than 4096 bytes", "\(long ?? "-")")
        #expect(try plant.control("status").hasPrefix("ok t="))
        #expect(plant.freshGood("do1", "oxygen") != nil)
        let cli = try plant.cli(["fault", "clear", "9"])
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("no injected fault #9"), "\(cli.stderr)")
        let negative = try plant.cli(["plant", "set", "basin.do", "-1"])
        #expect(negative.stdout == "basin.do = -1 mg/L\n", "a negative value is a value, not an option: \(negative.stderr)")
    }
}
