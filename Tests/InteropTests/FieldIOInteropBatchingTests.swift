import Config
import FieldIO
import FlocTestSupport
import HAL
import Testing

extension FieldIOInterop {
    /// Requests per poll as the peer's line counts them, per unit and function code.
    @Suite("request batching")
    struct BatchingTests {
        @Test("contiguous points share a request; a gap over max_gap and max_registers split",
              arguments: InteropTransport.allCases)
        func requestsPerPoll(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["batch", "small"], peerUnits: ["5": [String: Any](),
                                                                                         "6": [String: Any]()])
            defer { bench.stop() }
            try bench.peer.command(["cmd": "set", "unit": 5, "table": "holding", "address": 0,
                                    "values": [100, 101, 0xFFFF, 0xFFFE, 104, 105]])
            try bench.peer.command(["cmd": "set", "unit": 5, "table": "input", "address": 0,
                                    "values": Array(200...213)])
            try bench.peer.command(["cmd": "set", "unit": 6, "table": "holding", "address": 0,
                                    "values": [300, 301, 0x4228, 0x0000, 304, 305, 306, 307, 308, 309]])
            let polls = 6
            #expect(bench.step(until: {
                bench.statistics("batch").cycles >= polls && bench.statistics("small").cycles >= polls
            }, within: 10))
            let batch = bench.statistics("batch")
            let small = bench.statistics("small")

            // batching.toml: holding 0..5 contiguous = one FC3; input 0..1 and 10..13 = two FC4.
            #expect(try bench.requests("batch", function: 3) == batch.cycles)
            #expect(try bench.requests("batch", function: 4) == 2 * batch.cycles)
            #expect(batch.requests == 3 * batch.cycles)
            // small-requests.toml: 10 registers, at most 4 a request = three FC3 (0..3, 4..7, 8..9).
            #expect(try bench.requests("small", function: 3) == 3 * small.cycles)
            #expect(small.requests == 3 * small.cycles)
            #expect(batch.failures == 0 && small.failures == 0)

            // Each point decoded from its own offset within the batched answer.
            let values: [(String, String, Double)] = [
                ("batch", "h0", 100), ("batch", "h1", 101), ("batch", "h2", -2), ("batch", "h5", 105),
                ("batch", "i1", 201), ("batch", "i10", 210), ("batch", "i13", 213),
                ("small", "r1", 301), ("small", "r2", 42), ("small", "r4", 304), ("small", "r9", 309),
            ]
            for (device, point, value) in values {
                #expect(bench.sample(device, point)?.value == value, "\(device).\(point)")
                #expect(bench.quality(device, point) == .good, "\(device).\(point)")
            }
        }
    }
}
