import Config
import Console
import FieldIO
import HAL
import Logging
import Testing
@testable import Runtime

/// `probe <device>` at the console: the device's bus poller runs the read between its polls, on its
/// own link; the session waits for it without blocking anyone.
@Suite struct ConsoleProbeTests {
    static func words(_ value: Float) -> [UInt16] { [UInt16(value.bitPattern >> 16), UInt16(value.bitPattern & 0xFFFF)] }

    @Test func theBusPollerReadsEveryPointOnceForTheConsole() throws {
        let unit = try ConsoleBackendFixture()
        let link = RegisterBankLink(clock: unit.clock)
        link.addUnit(20)
        link.setRegisters(.holdingRegister, unit: 20, address: 0x53, Self.words(21.5) + Self.words(6.9) + Self.words(120) + Self.words(-1.5))
        link.setRegisters(.holdingRegister, unit: 20, address: 0xA3, [20, 400])
        let ph1 = try #require(unit.unit.devices.first { $0.name == "ph1" })
        let poller = BusPoller(bus: "plant", link: link, devices: [ph1], image: unit.image, clock: unit.clock,
                               logger: Logger(label: "floc.test"))
        poller.step()
        let backend = UnitConsoleBackend(unit: unit.unit, image: unit.image, clock: unit.clock, engine: unit.engine,
                                         pollers: [poller])
        let reply = backend.perform(.probe(device: "ph1"), by: ConsoleBackendFixture.alice)
        guard case .pending(let work) = reply else { Issue.record("\(reply)"); return }
        #expect(work.task.poll() == .waiting("probing ph1 on plant... (any key stops waiting)"))
        let readsBefore = link.counts(unit: 20).reads
        poller.step()
        #expect(link.counts(unit: 20).reads > readsBefore, "the poller's own link served the probe")
        guard case .finished(.done(let lines)) = work.task.poll() else { Issue.record("not finished"); return }
        #expect(lines.first?.hasPrefix("probe ph1 (aqualabo-pheht, unit 20 on plant): ") == true, "\(lines)")
        #expect(lines.first?.hasSuffix(" requests, 6 points, 0 not good") == true, "\(lines)")
        #expect(Array(lines.dropFirst()).sorted() == [
            "  ph1.measurement_delay 400 ms good",
            "  ph1.orp 120 mV good",
            "  ph1.ph 6.9 pH good",
            "  ph1.ph_mv -1.5 mV good",
            "  ph1.slave_address 20 good",
            "  ph1.temperature 21.5 degC good",
        ])
    }

    @Test func devicesWithoutAPolledBusAreRefused() throws {
        let unit = try ConsoleBackendFixture()
        #expect(unit.backend.perform(.probe(device: "ph1"), by: ConsoleBackendFixture.alice)
            == .refused("bus plant of ph1 is not polled by this floc"))
        #expect(unit.backend.perform(.probe(device: "nope"), by: ConsoleBackendFixture.alice) == .refused("no device named nope"))
    }
}

/// `autotune` from the console: each step is a scan command; pH loops are refused with the reason.
@Suite struct ConsoleAutotuneTests {
    @Test func autotuneStepsGoToTheScan() throws {
        let unit = try ConsoleBackendFixture()
        let erik = ConsoleBackendFixture.erik
        #expect(unit.backend.perform(.autotune(loop: "ph1", .status), by: erik) == .done(["ph1 autotune not run"]))
        #expect(unit.backend.perform(.autotune(loop: "ph1", .start(amplitude: nil)), by: erik)
            == .refused("ph1 is a pH loop, tuned by its gain schedule; autotune is for pid and aeration loops"))
        #expect(unit.backend.perform(.autotune(loop: "ph1", .accept), by: erik) == .refused("ph1 has no finished autotune to accept"))
        #expect(unit.backend.perform(.autotune(loop: "ph1", .abort), by: ConsoleBackendFixture.alice)
            == .refused("console:alice (technician) may not autotune ph1"))
        #expect(unit.backend.perform(.autotune(loop: "tank", .status), by: erik) == .refused("no loop named tank"))
    }
}
