import FlocTestSupport
import Foundation
import Glibc
import HALLinux
import Testing

/// `floc run`: pollers against pymodbus, a status table, and a clean stop on time or on a signal.
@Suite("floc run", .enabled(if: FlocCommand.available, "floc binary not built"),
       .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
struct FlocRunTests {
    let unit = FlocCommand.fixture("units/tcp-meters.toml")

    private func withPeer(_ body: ([String]) throws -> Void) throws {
        let peer = try ModbusPeer(.tcp, units: ["1": [String: Any](), "2": [String: Any]()])
        defer { peer.stop() }
        try MeterValues.load(peer)
        try body(["--set", "buses.plant.port=\(peer.modbusPort)"])
    }

    @Test func runsForItsDurationAndPrintsAStatusTable() throws {
        try withPeer { target throws in
            let result = try FlocCommand.run(["run", unit, "--duration", "2", "--status-every", "0.5"] + target)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdoutLines.filter { $0.hasPrefix("status of cli-tcp at +") }.count >= 2)
            #expect(result.stdout.contains("point  "))
            let oxygen = result.row("meter1.oxygen").map(MeterValues.collapse)
            #expect(oxygen?.hasPrefix("meter1.oxygen 8.25 mg/L good ") == true, "\(result.stdout)")
            #expect(result.row("meter2.total").map(MeterValues.collapse)?.contains(" good ") == true)
            #expect(result.stdout.contains("bus plant: connected"))
        }
    }

    @Test func stopsCleanlyOnSIGTERM() throws {
        try withPeer { target throws in
            let running = try FlocCommand.Running(["run", unit, "--status-every", "0.2"] + target)
            defer { running.kill() }
            let printed = PeerProcess.poll(deadline: 20) { running.stdout.contains("status of cli-tcp") }
            #expect(printed)
            running.signal(SIGTERM)
            let result = running.wait(deadline: 10)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("reason=SIGTERM"))
        }
    }

    @Test(.enabled(if: !GPIOChips.list().contains { $0.label == "pinctrl-bcm2711" }, "this machine has the chip"))
    func missingGPIOChipFailsBeforeAnythingRuns() throws {
        let result = try FlocCommand.run(["run", FlocCommand.shipped("units/village-rpi4.toml"), "--duration", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("board rpi4 pin"), "\(result.stderr)")
        #expect(result.stderr.contains("no GPIO chip labelled 'pinctrl-bcm2711'"))
        #expect(!result.stdout.contains("status of"))
    }
}
