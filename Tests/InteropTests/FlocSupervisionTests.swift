import FlocTestSupport
import Foundation
import Glibc
import Testing

/// `floc run` under systemd's notification protocol: READY=1 once running, WATCHDOG=1 while
/// scans complete, STOPPING=1 on the way out — received on a real datagram socket.
@Suite("floc supervision", .enabled(if: FlocCommand.available, "floc binary not built"))
struct FlocSupervisionTests {
    @Test(.enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
    func notifiesSystemdOnlyWhileScanning() throws {
        let peer = try ModbusPeer(.tcp, units: AerationUnitFixture.peerUnits)
        defer { peer.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-sd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socketPath = folder.appendingPathComponent("notify").path
        let notify = try #require(DatagramSocket(path: socketPath))
        let unit = folder.appendingPathComponent("unit.toml")
        try AerationUnitFixture.write(to: unit, name: "supervised", port: peer.modbusPort)
        let running = try FlocCommand.Running(
            ["run", unit.path, "--boards", FlocCommand.shipped(""), "--duration", "4", "--no-console",
             "--status-file", folder.appendingPathComponent("status.json").path],
            environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "1000000"])
        defer { running.kill() }
        let result = running.wait(deadline: 20)
        #expect(result.status == 0, "\(result.stderr)")
        let messages = notify.drain()
        #expect(messages.first?.hasPrefix("READY=1") == true, "\(messages)")
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 4, "fed every 0.5 s for 4 s: \(messages)")
        #expect(messages.last == "STOPPING=1", "\(messages)")
    }

    @Test func aBoardWithoutAWatchdogRefusesToArmOne() throws {
        let result = try FlocCommand.run(["run", FlocCommand.shipped("units/simulator.toml"), "--hardware-watchdog",
                                          "--duration", "1", "--no-console"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--hardware-watchdog: board simulator has no [watchdog]"), "\(result.stderr)")
    }
}
