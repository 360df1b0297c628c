import Config
@testable import Cosim
import FieldIO
import HAL
import Plant
import Testing

/// A plant whose signals are a table, set by hand.
final class SignalTable: InstrumentedPlant {
    var values: [String: Double]
    let signals: [PlantSignal]

    init(measured: [String: Double], commanded: [String]) {
        values = measured
        signals = measured.keys.sorted().map { PlantSignal(name: $0, unit: "", direction: .measured) }
            + commanded.map { PlantSignal(name: $0, unit: "", direction: .commanded) }
        for name in commanded { values[name] = 0 }
    }

    func advance(by seconds: Double) {}
    func value(of signal: String) -> Double? { values[signal] }
    func command(_ signal: String, to value: Double) -> Bool {
        guard signals.contains(where: { $0.name == signal && $0.direction == .commanded }) else { return false }
        values[signal] = value
        return true
    }
}

@Suite struct PointWiringTests {
    let unit: UnitConfig
    let plant = SignalTable(measured: ["basin.do": 2.5, "blower1.running": 1, "blower1.fault": 0, "basin.ph": 99],
                            commanded: ["blower1.run_command", "blower1.speed_command", "dosing.acid_pump"])

    init() throws {
        unit = try ConfigLoader.loadUnit(at: RepositoryFiles.path("Boards/units/simulator.toml"))
    }

    func wiring(_ bindings: [String: SignalBinding]) throws -> PointWiring {
        try PointWiring(bindings: bindings, unit: unit, plant: plant, file: "test.toml")
    }

    @Test func readPointsBecomeImageSamplesWithFlagsAndRangeQuality() throws {
        let wiring = try wiring([
            "do1.oxygen": SignalBinding(signal: "basin.do", scale: 2, offset: 0.5),
            "blower1.status_word.run": SignalBinding(signal: "blower1.running"),
            "blower1.status_word.fault": SignalBinding(signal: "blower1.fault"),
            "ph1.ph": SignalBinding(signal: "basin.ph"),
        ])
        let samples = wiring.samples(from: plant, at: MonotonicInstant(nanoseconds: 5))
        #expect(samples["do1.oxygen"]?.value == 5.5)
        #expect(samples["do1.oxygen"]?.quality == .good)
        #expect(samples["blower1.status_word"]?.flags == ["run": true, "fault": false])
        #expect(samples["blower1.status_word"]?.value == 2)   // bit 1 = run
        // pH 99 is outside the probe profile's range: out-of-range, as FieldIO would decode it.
        #expect(samples["ph1.ph"]?.quality == .outOfRange)
    }

    @Test func writtenPointsCommandWholeSignalsAndBits() throws {
        let wiring = try wiring([
            "blower1.speed_reference": SignalBinding(signal: "blower1.speed_command"),
            "blower1.control_word.start": SignalBinding(signal: "blower1.run_command"),
            "io1.relay1": SignalBinding(signal: "dosing.acid_pump", scale: 0.01),
        ])
        let unwired = wiring.apply(["blower1.speed_reference": 62, "blower1.control_word": 1, "io1.relay1": 1, "io1.relay2": 0],
                                   to: plant)
        #expect(plant.values["blower1.speed_command"] == 62)
        #expect(plant.values["blower1.run_command"] == 1)
        #expect(plant.values["dosing.acid_pump"] == 100)
        #expect(unwired == ["io1.relay2"])
        wiring.apply(["blower1.control_word": 4], to: plant)   // fault_reset bit only: start bit 0
        #expect(plant.values["blower1.run_command"] == 0)
    }

    @Test(arguments: [
        ("nope.oxygen", "basin.do", "device"),
        ("do1.nope", "basin.do", "no point"),
        ("do1.oxygen", "basin.nope", "no signal"),
        ("blower1.speed_reference", "basin.do", "measured"),
        ("blower1.status_word.nope", "blower1.running", "no bit"),
    ])
    func badBindingsAreErrorsNamingTheKey(key: String, signal: String, message: String) {
        #expect {
            _ = try wiring([key: SignalBinding(signal: signal)])
        } throws: { error in
            let text = "\(error)"
            return text.contains("bindings.\(key)") && text.contains(message)
        }
    }
}
