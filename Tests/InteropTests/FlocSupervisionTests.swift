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
        let peer = try ModbusPeer(.tcp, units: ["1": ["size": 3000], "10": [String: Any]()])
        defer { peer.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-sd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socketPath = folder.appendingPathComponent("notify").path
        let fd = try Self.datagramSocket(at: socketPath)
        defer { close(fd) }
        let unit = folder.appendingPathComponent("unit.toml")
        try """
        [unit]
        name = "supervised"
        board = "simulator"
        scan_period_ms = 100
        [buses.plant]
        type = "tcp"
        host = "127.0.0.1"
        port = \(peer.modbusPort)
        [devices.do1]
        profile = "aqualabo-optod"
        bus = "plant"
        address = 10
        [devices.blower1]
        profile = "vacon-100"
        bus = "plant"
        address = 1
        [loops.aeration1]
        type = "aeration"
        do = "do1.oxygen"
        setpoint = 2.0
        [loops.aeration1.blowers.blower1]
        speed = "blower1.speed_reference"
        run = "blower1.control_word"
        """.write(to: unit, atomically: true, encoding: .utf8)
        let running = try FlocCommand.Running(
            ["run", unit.path, "--boards", FlocCommand.shipped(""), "--duration", "4", "--no-console",
             "--status-file", folder.appendingPathComponent("status.json").path],
            environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "1000000"])
        defer { running.kill() }
        let result = running.wait(deadline: 20)
        #expect(result.status == 0, "\(result.stderr)")
        let messages = Self.drain(fd)
        #expect(messages.first?.hasPrefix("READY=1") == true, "\(messages)")
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 4, "fed every 0.5 s for 4 s: \(messages)")
        #expect(messages.last == "STOPPING=1", "\(messages)")
    }

    @Test func aBoardWithoutAWatchdogRefusesToArmOne() throws {
        let result = try FlocCommand.run(["run", FlocCommand.shipped("units/sim-container.toml"), "--hardware-watchdog",
                                          "--duration", "1", "--no-console"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--hardware-watchdog: board simulator has no [watchdog]"), "\(result.stderr)")
    }

    static func datagramSocket(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind \(path): errno \(errno)")
        return fd
    }

    static func drain(_ fd: Int32) -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while messages.count < 1000 {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { break }
            messages.append(String(decoding: buffer.prefix(count), as: UTF8.self))
        }
        return messages
    }
}
