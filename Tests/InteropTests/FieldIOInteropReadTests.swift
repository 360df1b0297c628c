import Config
import FieldIO
import FlocTestSupport
import HAL
import Testing

extension FieldIOInterop {
    /// Every value type in every order, status bits, coils and discrete inputs: encoded by the
    /// peer with Python's struct, polled and decoded by Floc.
    @Suite("read every data type")
    struct ReadTests {
        @Test("every type, order, bit table and status word decodes as the peer encoded it",
              arguments: InteropTransport.allCases)
        func readsEveryType(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["types"], peerUnits: ["1": [String: Any]()])
            defer { bench.stop() }
            let profile = bench.devices[0].profile
            let typed = profile.points.compactMap { TypedPoint($0.name) }
            #expect(typed.count == 32, "8 types x 4 orders")
            #expect(profile.points.filter { $0.scale != 1 || $0.offset != 0 }.count == 6, "some points are scaled")

            var expected: [String: Double] = [:]
            for point in typed {
                let spec = try #require(profile.point(named: point.name))
                let raw = point.raw(variant: 0)
                try bench.encode("types", address: Int(spec.address), type: point.type, order: point.order, value: raw.text)
                expected[point.name] = raw.value * spec.scale + spec.offset
            }
            // Status words: bit 0 is the least significant bit of the value in its own order.
            try bench.encode("types", table: "input", address: 0, type: "int16", value: "655")
            try bench.encode("types", table: "input", address: 1, type: "uint16", value: "\(0x8008)")
            try bench.encode("types", table: "input", address: 2, type: "uint32", order: "CDAB", value: "\(1 << 1 | 1 << 31)")
            try bench.peer.command(["cmd": "set", "unit": 1, "table": "coil", "address": 0, "values": [true, false, true]])
            try bench.peer.command(["cmd": "set", "unit": 1, "table": "discrete", "address": 0,
                                    "values": [false, true, true]])

            #expect(bench.cycles(1, of: "types"))
            for point in typed {
                let sample = try #require(bench.sample("types", point.name))
                #expect(sample.quality == .good, "\(point.name)")
                #expect(sample.value == expected[point.name], "\(point.name)")
            }
            #expect(bench.sample("types", "temperature")?.value == 655 * 0.1 - 40)
            #expect(bench.sample("types", "status")?.flags
                == ["alarm": false, "calibration_due": true, "sensor_fault": true])
            #expect(bench.sample("types", "status")?.value == Double(0x8008))
            #expect(bench.sample("types", "status_wide")?.flags
                == ["warm_up": true, "probe_missing": false, "fouled": true])
            let bits = ["pump": 1.0, "valve": 0, "blower": 1, "float_high": 0, "float_low": 1, "door_open": 1]
            for (name, value) in bits {
                #expect(bench.sample("types", name)?.value == value, "\(name)")
                #expect(bench.quality("types", name) == .good, "\(name)")
            }
            // One request per table: 80 holding registers, 4 input registers, 3 coils, 3 inputs.
            #expect(try bench.requests("types", function: 3) == 1)
            #expect(try bench.requests("types", function: 4) == 1)
            #expect(try bench.requests("types", function: 1) == 1)
            #expect(try bench.requests("types", function: 2) == 1)
        }
    }
}
