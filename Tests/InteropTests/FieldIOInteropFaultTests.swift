import Config
import FieldIO
import FlocTestSupport
import HAL
import Testing

extension FieldIOInterop {
    /// Faults on the line (absent device, garbage, bad CRC, link loss): qualities say what
    /// happened, and the poller recovers by itself.
    @Suite("line faults")
    struct FaultTests {
        static var peerUnits: [String: Any] { ["2": [String: Any](), "3": [String: Any]()] }

        /// Known values in both plain probes: oxygen 7.25 mg/L, temperature 21.5 degC.
        private func preload(_ bench: FieldBench, devices: [String]) throws {
            for device in devices {
                try bench.encode(device, address: 0, type: "float32", value: "7.25")
                try bench.encode(device, address: 2, type: "int16", value: "215")
            }
        }

        @Test("an absent device goes comm-fail and backs off; the live one keeps its poll rate",
              arguments: InteropTransport.allCases)
        func absentDevice(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["live", "absent"], peerUnits: Self.peerUnits)
            defer { bench.stop() }
            try preload(bench, devices: ["live", "absent"])
            try bench.peer.command(["cmd": "mute", "unit": 3])
            bench.poller.start()
            #expect(bench.wait(within: 5) {
                bench.allGood("live") && bench.qualities("absent").values.allSatisfy { $0 == .commFail }
            })

            // A measurement window once the absent device is backing off.
            try bench.peer.command(["cmd": "reset_counts"])
            let start = bench.clock.now
            bench.clock.sleep(until: start + .seconds(3))
            let live = try bench.requests("live", function: 3)
            let absent = try bench.requests("absent", function: 3)
            let elapsed = (bench.clock.now - start) / .seconds(1)

            let liveDevice = try #require(bench.unit.device(named: "live"))
            let nominal = elapsed / liveDevice.pollFast
            #expect(Double(live) >= 0.6 * nominal, "live device: \(live) polls of \(nominal) nominal")
            // Absolute deadlines: a late poll is skipped, never made up in a burst.
            #expect(Double(live) <= nominal + 2, "live device: \(live) polls of \(nominal) nominal")
            // Attempts are at least backoff_min (0.5 s, doubling to 1 s) apart; each is a request
            // and one retry. Polled every 100 ms it would have had 2 x 30 requests.
            let absentDevice = try #require(bench.unit.device(named: "absent"))
            let attempts = Int(elapsed / absentDevice.backoffMin) + 1
            #expect(absent <= attempts * (1 + absentDevice.retries), "absent device: \(absent) requests")
            #expect(absent >= 2, "absent device is still tried while backing off")

            let stats = bench.statistics("absent")
            #expect(stats.backoff == absentDevice.backoffMax)
            #expect(stats.consecutiveFailures >= 3)
            #expect(stats.failures == stats.requests, "every request to it failed, retries included")
            #expect(stats.lastError?.contains("timeout") == true, "\(stats.lastError ?? "")")
            #expect(bench.statistics("live").consecutiveFailures == 0)
            #expect(bench.allGood("live"))
            #expect(bench.sample("live", "oxygen")?.value == 7.25)

            // Back again: polled at its rate as soon as its back-off ends.
            try bench.peer.command(["cmd": "unmute", "unit": 3])
            #expect(bench.wait(within: absentDevice.backoffMax + 2) { bench.allGood("absent") })
            #expect(bench.sample("absent", "temperature")?.value == 21.5)
        }

        enum LineFault: String, CaseIterable, CustomTestStringConvertible {
            case garbage
            case corrupt

            var testDescription: String { rawValue }

            /// `corrupt` flips the CRC on RTU; TCP has no CRC, so it breaks the transaction id.
            func command(count: Int, transport: InteropTransport) -> [String: Any] {
                var command: [String: Any] = ["cmd": rawValue, "count": count]
                if self == .corrupt { command["at"] = transport == .tcp ? 0 : -1 }
                return command
            }
        }

        @Test("a garbled answer is retried, or fails the poll; the next polls are good again",
              arguments: InteropTransport.allCases, LineFault.allCases)
        func garbledAnswers(transport: InteropTransport, fault: LineFault) throws {
            let bench = try FieldBench(transport, devices: ["live"], peerUnits: Self.peerUnits)
            defer { bench.stop() }
            try preload(bench, devices: ["live"])
            #expect(bench.cycles(1, of: "live"))
            #expect(bench.allGood("live"))

            // One bad answer: the retry (retries = 1) gets a good one, the points stay good.
            var before = try bench.requests("live", function: 3)
            try bench.peer.command(fault.command(count: 1, transport: transport))
            #expect(bench.cycles(1, of: "live"))
            #expect(try bench.requests("live", function: 3) == before + 2)
            #expect(bench.allGood("live"))
            #expect(bench.statistics("live").consecutiveFailures == 0)
            #expect(bench.statistics("live").failures == 1, "noise a retry hides is still counted")

            // Four bad answers: the turn fails with a bad frame (retried at once) or silence (when
            // the garbage announces a longer frame than comes; not retried at once). The first
            // missed turn is forgiven (retries = 1): the last value stands, no back-off.
            before = try bench.requests("live", function: 3)
            try bench.peer.command(fault.command(count: 4, transport: transport))
            #expect(bench.step { bench.statistics("live").consecutiveFailures == 1 })
            #expect(bench.allGood("live"), "one missed turn: the values age, still good")
            #expect(bench.statistics("live").backoff == 0)
            // The retry turn misses too: the points go bad and the device backs off.
            #expect(bench.step { bench.statistics("live").consecutiveFailures == 2 })
            let failed = bench.quality("live", "oxygen")
            #expect(failed == .badFrame || failed == .commFail, "\(String(describing: failed))")
            if fault == .corrupt {
                #expect(failed == .badFrame)
                #expect(try bench.requests("live", function: 3) == before + 4, "two turns of an answer and its retry")
                #expect(bench.statistics("live").failures == 5)
            }
            #expect(bench.sample("live", "oxygen")?.value == 7.25, "the last value is kept")
            #expect(bench.statistics("live").backoff > 0)

            // Then good again without intervention: the line was flushed, one request per poll.
            #expect(bench.step { bench.allGood("live") })
            before = try bench.requests("live", function: 3)
            #expect(bench.cycles(3, of: "live"))
            #expect(try bench.requests("live", function: 3) == before + 3)
            #expect(bench.allGood("live"))
            #expect(bench.statistics("live").consecutiveFailures == 0)
            #expect(bench.link.isConnected)
        }

        @Test("a dropped link: comm-fail while down, good again by itself after",
              arguments: InteropTransport.allCases)
        func droppedLink(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["live"], peerUnits: Self.peerUnits)
            defer { bench.stop() }
            try preload(bench, devices: ["live"])
            bench.poller.start()
            #expect(bench.wait(within: 5) { bench.allGood("live") })

            let down = 1.5
            let dropped = bench.clock.now
            try bench.peer.command(["cmd": "drop", "seconds": down])
            #expect(bench.wait(within: down) { bench.qualities("live").values.allSatisfy { $0 == .commFail } })
            #expect(bench.sample("live", "oxygen")?.value == 7.25, "the last value is kept")
            try bench.encode("live", address: 0, type: "float32", value: "8.5")

            let device = try #require(bench.unit.device(named: "live"))
            #expect(bench.wait(within: down + device.backoffMax + 2) {
                bench.allGood("live") && bench.sample("live", "oxygen")?.value == 8.5
            })
            let recovered = (bench.clock.now - dropped) / .seconds(1)
            #expect(recovered >= down - 0.1, "no answer while the link is down (\(recovered) s)")
            let stats = bench.poller.statistics
            #expect(stats.connected)
            switch transport {
            case .tcp:
                // The peer closed the connection and refused new ones: Floc reconnected.
                #expect(stats.reconnects >= 1)
            case .rtu:
                // A silent line is not a lost port: timeouts, no reconnect.
                #expect(stats.reconnects == 0)
                #expect(bench.statistics("live").lastError?.contains("timeout") == true)
            }
        }
    }
}
