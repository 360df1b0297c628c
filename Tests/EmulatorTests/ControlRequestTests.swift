import Config
import Emulator
import FlocTestSupport
import Foundation
import HAL
import Testing

/// The control socket's command lines, parsed without a simulator; and plant files read as
/// serve reads them.
@Suite struct ControlRequestTests {
    static let parsed: [(String, ControlRequest)] = [
        ("fault add silent do1", .addFault(FaultSpec(kind: .absent, device: "do1", start: 0, line: 0), duration: nil)),
        ("fault add slow level1 delay_ms=800 --for 60",
         .addFault(FaultSpec(kind: .delay(seconds: 0.8), device: "level1", start: 0, line: 0), duration: 60)),
        ("fault add noise do1 rate=0.5 --for=5", .addFault(FaultSpec(kind: .noise(rate: 0.5), device: "do1", start: 0, line: 0), duration: 5)),
        ("fault add exception blower1 code=6 table=holding addresses=2100-2107",
         .addFault(FaultSpec(kind: .exception(.serverDeviceBusy, table: .holdingRegister, addresses: 2100...2107), device: "blower1",
                             start: 0, line: 0), duration: nil)),
        ("fault add stuck do1.oxygen", .addFault(FaultSpec(kind: .frozen, device: "do1", point: "oxygen", start: 0, line: 0), duration: nil)),
        ("fault add drift ph1.ph drift_per_hour=0.5",
         .addFault(FaultSpec(kind: .offset(0, driftPerHour: 0.5), device: "ph1", point: "ph", start: 0, line: 0), duration: nil)),
        ("fault add dead do1.oxygen", .addFault(FaultSpec(kind: .dead(value: nil), device: "do1", point: "oxygen", start: 0, line: 0), duration: nil)),
        ("fault add bit-flip io1.input2 mask=0x1",
         .addFault(FaultSpec(kind: .bitFlip(mask: 1), device: "io1", point: "input2", start: 0, line: 0), duration: nil)),
        ("fault add trip blower1", .addFault(FaultSpec(kind: .plant("blower1.trip"), device: "blower1", start: 0, line: 0), duration: nil)),
        ("fault add pump-failure dosing.acid_pump",
         .addFault(FaultSpec(kind: .plant("dosing.acid_pump.failure"), device: "dosing.acid_pump", start: 0, line: 0), duration: nil)),
        ("fault clear 3", .clearFault(id: 3)), ("fault clear #3", .clearFault(id: 3)), ("fault clear all", .clearFault(id: nil)),
        ("fault list", .listFaults), ("plant get basin.do", .getSignal("basin.do")),
        ("  plant   set blower1.run_command 0 ", .setSignal("blower1.run_command", 0)), ("plant list", .listSignals),
        ("status", .status), ("help", .help),
    ]

    @Test(arguments: parsed)
    func parses(line: String, expected: ControlRequest) throws {
        #expect(try ControlRequest.parse(line) == expected)
    }

    static let refused: [(String, String)] = [
        ("", "empty command; try 'help'"),
        ("fault", "unknown 'fault' command ''; fault add|clear|list"),
        ("fault remove 1", "unknown 'fault' command 'remove'; fault add|clear|list"),
        ("fault clear one", "'one' is not a fault id (a number from 'fault list') or 'all'"),
        ("fault add silent", "usage: fault add <kind> <device>[.<point>] [key=value ...] [--for <s>]"),
        ("fault add silent do1.oxygen", "point: a 'silent' fault acts on the whole device, not on point 'oxygen'"),
        ("fault add stuck do1", "point: missing required key"),
        ("fault add slow level1", "delay_ms: missing required key"),
        ("fault add slow level1 delay_ms=0", "delay_ms: 0 is out of range 1...60000 ms"),
        ("fault add noise do1 rate=2", "rate: 2 is out of range 0.001...1"),
        ("fault add exception do1 code=9", "code: not a Modbus exception code (1-8, 10, 11)"),
        ("fault add exception do1 addresses=9-1", "addresses: expected [first, last] protocol addresses, first <= last, 0...65535"),
        ("fault add silent do1 colour=red", "colour: unknown key"),
        ("fault add silent do1 Kind=x", "'Kind' is not a fault parameter (e.g. delay_ms=800, code=6)"),
        ("fault add silent do1 end_s=4", "a fault added now starts now: use --for <s>"),
        ("fault add silent do1 --for", "--for needs a positive number of seconds, not ''"),
        ("plant set basin.do", "usage: plant set <signal> <value>"),
        ("plant set basin.do inf", "'inf' is not a number"),
    ]

    @Test(arguments: refused)
    func refuses(line: String, reason: String) {
        let error = #expect(throws: FaultRejection.self) { try ControlRequest.parse(line) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(line): \(error?.reason ?? "-")")
    }

    static let root = PeerProcess.packageRoot.path

    @Test func thePlantFileIsEnoughToServe() throws {
        let plantFile = try ScenarioLoader.load(at: "\(Self.root)/Simulator/plants/container.toml")
        #expect(plantFile.name == "container")
        #expect(plantFile.unitPath == "\(Self.root)/Simulator/plants/../../Boards/units/simulator.toml")
        #expect(plantFile.plant.model == "container")
        #expect(plantFile.plant.file == "\(Self.root)/Simulator/plants/container.toml")
        #expect(plantFile.tick == 0.1)
        #expect(plantFile.bindings.count == 26)
        #expect(plantFile.binding(device: "blower1", point: "status_word", flag: "fault")?.signal == "blower1.fault")
        let unit = try ConfigLoader.loadUnit(at: plantFile.unitPath, boardsDirectory: plantFile.boardsDirectory)
        let plant = try PlantModels().make(for: plantFile, unit: unit)
        #expect(ScenarioCheck.errors(plantFile, unit: unit, plant: plant).isEmpty)
        // A scenario naming the plant file takes its bindings and constants.
        let scenario = try ScenarioLoader.load(at: "\(Self.root)/Simulator/Scenarios/faults-demo.toml")
        #expect(scenario.bindings == plantFile.bindings)
        #expect(scenario.constants == plantFile.constants)
        #expect(scenario.faults.count == 6)
    }

    @Test func aTypoInThePlantFilesEmulatorTableIsAnErrorWithItsLine() throws {
        let text = try String(contentsOfFile: "\(Self.root)/Simulator/plants/container.toml", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("tick_ms") })
        lines[index] = "tick_sm = 100"
        let path = "/tmp/floc-plant-\(getpid()).toml"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let errors = #expect(throws: ConfigErrors.self) { try ScenarioLoader.load(at: path) }
        #expect(errors?.description == "\(path):\(index + 1): emulator.tick_sm: unknown key (did you mean 'tick_ms'?)")
    }
}
