import Config
import FieldIO
import FlocTestSupport
import HAL
import Testing

extension FieldIOInterop {
    /// Floc encodes and writes; the peer decodes the registers with Python's struct.
    @Suite("write every data type")
    struct WriteTests {
        static let coils = ["pump": 0, "valve": 1, "blower": 2]

        /// The peer's decoding of `point` equals the raw value the test meant.
        private func expectPeerHolds(_ bench: FieldBench, _ point: TypedPoint, raw: (text: String, value: Double),
                                     address: UInt16) throws {
            let text = try bench.decoded("types", address: Int(address), type: point.type, order: point.order)
            if point.type.hasPrefix("float") {
                #expect(Double(text) == raw.value, "\(point.name): peer decoded \(text)")
            } else {
                #expect(text == raw.text, "\(point.name)")
            }
        }

        @Test("DeviceProbe.writePoint: every type and order, and coils, as the peer decodes them",
              arguments: InteropTransport.allCases)
        func probeWritesEveryType(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["types"], peerUnits: ["1": [String: Any]()])
            defer { bench.stop() }
            var probe = DeviceProbe(link: bench.link, device: bench.devices[0], clock: bench.clock, logger: bench.logger)
            for spec in bench.devices[0].profile.points {
                guard let point = TypedPoint(spec.name) else { continue }
                let raw = point.raw(variant: 1)
                let result = try probe.writePoint(spec.name, value: raw.value * spec.scale + spec.offset)
                #expect(result.verified, "\(spec.name): read back \(String(describing: result.readBack))")
                try expectPeerHolds(bench, point, raw: raw, address: spec.address)
            }
            for (name, value) in [("pump", 1.0), ("valve", 1), ("blower", 0)] {
                #expect(try probe.writePoint(name, value: value).verified, "\(name)")
            }
            #expect(try bench.bits("types", address: 0, count: 3) == [true, true, false])
            // Writes use FC6 for one register (single_write), FC16 for more, FC5 for a coil.
            #expect(try bench.requests("types", function: 6) == 8)
            #expect(try bench.requests("types", function: 16) == 24)
            #expect(try bench.requests("types", function: 5) == 3)
            // Every write is verified by reading it back.
            #expect(try bench.requests("types", function: 3) == 32)
            #expect(try bench.requests("types", function: 1) == 3)

            let readOnly = #expect(throws: WriteError.self) { try probe.writePoint("float_high", value: 1) }
            #expect(readOnly == .notWritable(point: "float_high"))
        }

        @Test("BusPoller writes desired values on change only, and the peer decodes them",
              arguments: InteropTransport.allCases)
        func pollerWritesOnChange(transport: InteropTransport) throws {
            let bench = try FieldBench(transport, devices: ["types"], peerUnits: ["1": [String: Any]()])
            defer { bench.stop() }
            let profile = bench.devices[0].profile
            let typed = profile.points.compactMap { spec in TypedPoint(spec.name).map { (spec, $0) } }
            for (spec, point) in typed {
                let raw = point.raw(variant: 2)
                bench.image.setDesired(raw.value * spec.scale + spec.offset, for: PointImage.key(device: "types", point: spec.name))
            }
            for (name, value) in [("pump", 1.0), ("valve", 0), ("blower", 1)] {
                bench.image.setDesired(value, for: PointImage.key(device: "types", point: name))
            }
            let desired = typed.count + Self.coils.count
            bench.poller.start()
            #expect(bench.wait(within: 5) { bench.statistics("types").writes >= desired })
            // A few more polls: with write_refresh_ms = 0 nothing is written again.
            let cycles = bench.statistics("types").cycles
            #expect(bench.wait(within: 5) { bench.statistics("types").cycles >= cycles + 3 })
            #expect(bench.statistics("types").writes == desired)
            #expect(bench.statistics("types").writeFailures == 0)
            for (spec, point) in typed {
                try expectPeerHolds(bench, point, raw: point.raw(variant: 2), address: spec.address)
            }
            #expect(try bench.bits("types", address: 0, count: 3) == [true, false, true])
            #expect(try bench.requests("types", function: 6) == 8)
            #expect(try bench.requests("types", function: 16) == 24)
            #expect(try bench.requests("types", function: 5) == 3)

            // One changed value: one more write, of that point only.
            let changed = try #require(typed.first { $0.1.name == "int32_cdab" })
            let raw = changed.1.raw(variant: 3)
            bench.image.setDesired(raw.value, for: PointImage.key(device: "types", point: "int32_cdab"))
            bench.image.setDesired(0, for: PointImage.key(device: "types", point: "pump"))
            #expect(bench.wait(within: 5) { bench.statistics("types").writes >= desired + 2 })
            // The next poll reads the new value back into the image.
            #expect(bench.wait(within: 5) { bench.sample("types", "int32_cdab")?.value == raw.value })
            bench.poller.stop()
            try expectPeerHolds(bench, changed.1, raw: raw, address: changed.0.address)
            #expect(try bench.bits("types", address: 0, count: 1) == [false])
            #expect(try bench.requests("types", function: 16) == 25)
            #expect(try bench.requests("types", function: 6) == 8)
            #expect(try bench.requests("types", function: 5) == 4)
        }
    }
}
