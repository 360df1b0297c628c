import Config
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import HALLinux
import Logging
import Testing

/// Floc's field I/O (BusPoller, DeviceProbe) over real libmodbus against modbus_peer.py
/// (pymodbus behind a fault-injecting line), over TCP and over RTU on a socat pty pair.
///
/// The unit comes from `Fixtures/fieldio/units/fieldio.toml` through `ConfigLoader`, with
/// `--set` overrides pointing its buses at the peer. The suites run one at a time: their
/// rate assertions must not compete with each other for the machine's two cores.
@Suite("Field I/O interop", .serialized,
       .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed: run scripts/setup"))
enum FieldIOInterop {}

/// The line a test runs over.
enum InteropTransport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case tcp
    case rtu

    var testDescription: String { rawValue.uppercased() }
}

/// A peer, the fixture unit loaded against it, a connected link and a poller for some of
/// the unit's devices. Stopped on every path by `stop()` (call it in a `defer`).
final class FieldBench {
    let transport: InteropTransport
    let peer: ModbusPeer
    let unit: UnitConfig
    let devices: [DeviceConfig]
    let link: LibmodbusLink
    let image = PointImage()
    let clock = SystemMonotonicClock()
    let poller: BusPoller
    let logger = Logger(label: "floc.interop.fieldio") { _ in SwiftLogNoOpLogHandler() }

    static let unitFile = Bundle.module.resourceURL!
        .appendingPathComponent("Fixtures/fieldio/units/fieldio.toml").path

    /// `devices`: names in the fixture unit; `peerUnits`: the peer's data per unit id (see
    /// ``ModbusPeer``); `overrides`: further `--set` values for the unit file.
    init(_ transport: InteropTransport, devices names: [String], peerUnits: [String: Any],
         overrides: [String] = []) throws {
        self.transport = transport
        var settings = overrides
        switch transport {
        case .tcp:
            peer = try ModbusPeer(.tcp, units: peerUnits)
            settings.append("buses.tcp.port=\(peer.modbusPort)")
        case .rtu:
            let serial = "/tmp/floc-interop-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            peer = try ModbusPeer(.rtu(serial: serial, baud: 19200), units: peerUnits)
            settings += ["buses.rtu.device=\"\(peer.serialPath)\""] + names.map { "devices.\($0).bus=rtu" }
        }
        do {
            let unit = try ConfigLoader.loadUnit(at: Self.unitFile, overrides: settings)
            self.unit = unit
            devices = try names.map { name in
                try #require(unit.device(named: name), "no device \(name) in \(Self.unitFile)")
            }
            let bus = try #require(unit.bus(named: devices[0].bus))
            link = try Self.link(for: bus, board: unit.board)
            try Self.waitForPeer(link, unit: UInt8(devices[0].address), peer: peer)
            try peer.command(["cmd": "reset_counts"])
        } catch {
            peer.stop()
            throw error
        }
        poller = BusPoller(bus: devices[0].bus, link: link, devices: devices, image: image, clock: clock,
                           logger: logger)
    }

    /// Stops the poller thread (if started), closes the link and stops the peer.
    func stop() {
        poller.stop()
        link.close()
        peer.stop()
        // socat, terminated, leaves the links to both pty ends behind.
        if transport == .rtu {
            unlink(peer.serialPath)
            unlink(peer.serialPath + ".line")
        }
    }

    /// A libmodbus link as the daemon would open it for `bus` (a pty needs no direction control).
    static func link(for bus: BusConfig, board: BoardConfig) throws -> LibmodbusLink {
        LibmodbusLink.make(try bus.endpoint(board: board))
    }

    /// Connects and waits until the peer answers (pymodbus opens its pty end after its ready line).
    private static func waitForPeer(_ link: LibmodbusLink, unit: UInt8, peer: ModbusPeer) throws {
        link.setResponseTimeout(seconds: 0.3)
        let up = PeerProcess.poll(deadline: 15) {
            guard (try? link.connect()) != nil else { return false }
            return (try? link.readRegisters(.holdingRegister, unit: unit, address: 0, count: 1)) != nil
        }
        try #require(up, "modbus_peer.py did not answer: \(peer.process.errorOutput)")
    }

    // MARK: Reading the image

    func sample(_ device: String, _ point: String) -> PointSample? {
        image.snapshot(at: clock.now)[PointImage.key(device: device, point: point)]
    }

    func quality(_ device: String, _ point: String) -> PointQuality? { sample(device, point)?.quality }

    /// Qualities of every polled point of `device`.
    func qualities(_ device: String) -> [String: PointQuality] {
        let prefix = device + "."
        var result: [String: PointQuality] = [:]
        for (key, sample) in image.snapshot(at: clock.now) where key.hasPrefix(prefix) {
            result[String(key.dropFirst(prefix.count))] = sample.quality
        }
        return result
    }

    func allGood(_ device: String) -> Bool {
        let qualities = qualities(device)
        return !qualities.isEmpty && qualities.values.allSatisfy(\.isGood)
    }

    func statistics(_ device: String) -> DeviceStatistics { poller.statistics.devices[device] ?? DeviceStatistics() }

    // MARK: Driving the poller

    /// Runs the poller on the calling thread, as its own thread would (sleeping until its next
    /// deadline), until `condition` holds after a step or `seconds` pass.
    @discardableResult
    func step(until condition: () -> Bool, within seconds: Double = 5) -> Bool {
        let end = clock.now + .seconds(seconds)
        while clock.now < end {
            clock.sleep(until: min(poller.nextDeadline, end))
            poller.step()
            if condition() { return true }
        }
        return condition()
    }

    /// Runs exactly `count` completed fast cycles of `device` (bounded by `seconds`).
    @discardableResult
    func cycles(_ count: Int, of device: String, within seconds: Double = 5) -> Bool {
        let target = statistics(device).cycles + count
        return step(until: { statistics(device).cycles >= target }, within: seconds)
    }

    /// Waits (polling every 20 ms, the poller on its own thread) until `condition` holds or
    /// `seconds` pass.
    @discardableResult
    func wait(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = clock.now + .seconds(seconds)
        while clock.now < end {
            if condition() { return true }
            clock.sleep(until: min(clock.now + .milliseconds(20), end))
        }
        return condition()
    }

    // MARK: The peer

    /// Has the peer encode `value` (exact text) into `device`'s registers with Python's struct.
    func encode(_ device: String, table: String = "holding", address: Int, type: String, order: String = "ABCD",
                value: String) throws {
        try peer.command(["cmd": "encode", "unit": try unitID(device), "table": table, "address": address,
                          "type": type, "order": order, "value": value])
    }

    /// The value the peer decodes from `device`'s registers, exactly, as Python prints it.
    func decoded(_ device: String, address: Int, type: String, order: String) throws -> String {
        let reply = try peer.command(["cmd": "decode", "unit": try unitID(device), "address": address,
                                      "type": type, "order": order])
        return try #require(reply["text"] as? String)
    }

    /// The peer's bits (coils or discrete inputs) of `device`.
    func bits(_ device: String, table: String = "coil", address: Int, count: Int) throws -> [Bool] {
        let reply = try peer.command(["cmd": "get", "unit": try unitID(device), "table": table, "address": address,
                                      "count": count])
        return try #require(reply["values"] as? [Bool])
    }

    func unitID(_ device: String) throws -> Int { try #require(unit.device(named: device)).address }

    /// Requests the peer's line saw for `device`'s unit id and function code since the last reset.
    func requests(_ device: String, function: Int) throws -> Int {
        try peer.requestCount(unit: try unitID(device), function: function)
    }
}
