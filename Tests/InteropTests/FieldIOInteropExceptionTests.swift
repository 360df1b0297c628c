import Config
import FieldIO
import FlocTestSupport
import HAL
import Testing

extension FieldIOInterop {
    /// A device that refuses one request (its register map has a hole) keeps its other points.
    @Suite("exception responses")
    struct ExceptionTests {
        /// The peer maps holding 0..9 of unit 4 only: `missing` at 40 is refused.
        static var peerUnits: [String: Any] { ["4": ["holding": ["0": Array(repeating: 0, count: 10)]]] }

        @Test("ILLEGAL DATA ADDRESS marks only the refused request's point; the device is not backed off",
              arguments: InteropTransport.allCases)
        func refusedPointOnly(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["partial"], peerUnits: Self.peerUnits)
            defer { bench.stop() }
            try bench.encode("partial", address: 0, type: "int16", value: "-1234")
            try bench.encode("partial", address: 1, type: "uint16", value: "1")
            try bench.encode("partial", address: 2, type: "float32", value: "42.5")

            #expect(bench.cycles(2, of: "partial"))
            #expect(bench.quality("partial", "missing") == .deviceException(.illegalDataAddress))
            #expect(bench.quality("partial", "missing")?.description == "exception 2 ILLEGAL DATA ADDRESS")
            #expect(bench.sample("partial", "level") == PointSample(
                value: -1234 * 0.01, quality: .good, time: try #require(bench.sample("partial", "level")).time))
            #expect(bench.sample("partial", "status")?.flags == ["high": true, "low": false])
            #expect(bench.sample("partial", "flow")?.value == 42.5)
            #expect(bench.quality("partial", "flow") == .good)

            let stats = bench.statistics("partial")
            #expect(stats.cycles == 2, "an exception does not abort the cycle")
            #expect(stats.exceptions == 2)
            #expect(stats.consecutiveFailures == 0)
            #expect(stats.backoff == 0)
            let lastError = try #require(stats.lastError)
            #expect(lastError.contains("read holding 40+1 unit 4: Modbus exception 2 ILLEGAL DATA ADDRESS"), "\(lastError)")
            // Two requests a cycle (0..3 and 40), and an exception is an answer: never retried.
            #expect(try bench.requests("partial", function: 3) == 4)
            #expect(stats.requests == 4)

            // floc probe reports the same, point by point.
            var probe = DeviceProbe(link: bench.link, device: bench.devices[0], clock: bench.clock, logger: bench.logger)
            let read = Dictionary(uniqueKeysWithValues: probe.readAll().map { ($0.0.name, $0.1.quality) })
            #expect(read == ["level": .good, "status": .good, "flow": .good,
                             "missing": .deviceException(.illegalDataAddress)])
        }
    }
}
