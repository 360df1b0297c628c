import FlocTestSupport
import Foundation
import Glibc
import Testing

/// Values the peer encodes with its own encoder (Python struct) for unit 1 of the cli-meter
/// profile, and the rows `floc probe` must print for them.
enum MeterValues {
    static func load(_ peer: ModbusPeer, unit: Int = 1) throws {
        try peer.command(["cmd": "encode", "unit": unit, "address": 0, "type": "float32", "order": "CDAB", "value": 8.25])
        try peer.command(["cmd": "encode", "unit": unit, "address": 2, "type": "int16", "value": -125])
        try peer.command(["cmd": "set", "unit": unit, "table": "holding", "address": 3, "values": [9]])
        try peer.command(["cmd": "encode", "unit": unit, "address": 12, "type": "uint16", "value": 4250])
        try peer.command(["cmd": "encode", "unit": unit, "table": "input", "address": 0, "type": "uint32", "value": 123_456])
    }

    /// point -> the row's columns after the point name, whitespace collapsed.
    static let rows: [(String, String)] = [
        ("oxygen", "8.25 mg/L good"),
        ("temperature", "-12.5 degC good"),
        ("status", "9 [probe_error calibration_due] good"),
        ("speed", "42.5 % good"),
        ("total", "123456 m3 good"),
        ("pump", "0 good"),
        ("spare", "- exception 2 ILLEGAL DATA ADDRESS"),
    ]

    static func expectRows(_ result: FlocCommand.Result, device: String = "meter1") {
        for (point, expected) in rows {
            let row = result.row("\(device).\(point)").map(collapse)
            #expect(row == "\(device).\(point) \(expected)", "\(result.stdout)")
        }
    }

    static func collapse(_ line: String) -> String { line.split(separator: " ").joined(separator: " ") }
}

/// `floc probe` and `floc write` against pymodbus over TCP and over RTU on a socat pty pair.
@Suite("floc probe and write", .enabled(if: FlocCommand.available, "floc binary not built"),
       .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
struct FlocProbeTests {
    let unit = FlocCommand.fixture("units/tcp-meters.toml")

    private func withTCPPeer(_ body: (ModbusPeer, [String]) throws -> Void) throws {
        let peer = try ModbusPeer(.tcp, units: ["1": [String: Any](), "2": [String: Any]()])
        defer { peer.stop() }
        try MeterValues.load(peer)
        try body(peer, ["--set", "buses.plant.host=127.0.0.1", "--set", "buses.plant.port=\(peer.modbusPort)"])
    }

    @Test func probesOneDeviceOverTCP() throws {
        try withTCPPeer { _, target throws in
            let result = try FlocCommand.run(["probe", unit, "meter1"] + target)
            #expect(result.status == 0, "\(result.stderr)")
            MeterValues.expectRows(result)
            #expect(result.stdoutLines.contains("meter1 (cli-meter, unit 1 on plant): 5 requests, 1 error"))
            #expect(result.row("meter2.oxygen") == nil)
        }
    }

    @Test func mutedDeviceIsCommFailAndExitsOne() throws {
        try withTCPPeer { peer, target throws in
            try peer.command(["cmd": "mute", "unit": 2])
            let result = try FlocCommand.run(["probe", unit, "--set", "devices.meter2.timeout_ms=200"] + target)
            #expect(result.status == 1)
            MeterValues.expectRows(result)
            for point in ["oxygen", "total", "pump"] {
                #expect(result.row("meter2.\(point)").map(MeterValues.collapse)?.hasSuffix("comm-fail") == true,
                        "\(result.stdout)")
            }
            #expect(result.stdout.contains("meter2 (cli-meter, unit 2 on plant): 5 requests, 5 errors, not answering"))
        }
    }

    @Test func unknownDeviceListsTheUnitsDevices() throws {
        let result = try FlocCommand.run(["probe", unit, "meter9"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unit cli-tcp has no device 'meter9'; its devices: meter1, meter2"))
    }

    @Test(.enabled(if: PeerProcess.socatAvailable, "socat not installed"))
    func probesOverRTUOnAPtyPair() throws {
        let serial = "/tmp/floc-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let peer = try ModbusPeer(.rtu(serial: serial, baud: 19200))
        defer { peer.stop() }
        try MeterValues.load(peer)
        let arguments = ["probe", FlocCommand.fixture("units/rtu-meter.toml"), "--set", "buses.field.device=\(serial)"]
        // pymodbus opens its end of the line a moment after the peer says it is ready.
        var result = try FlocCommand.run(arguments)
        let deadline = Date().addingTimeInterval(15)
        while result.status != 0, Date() < deadline {
            usleep(200_000)
            result = try FlocCommand.run(arguments)
        }
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        MeterValues.expectRows(result)
        #expect(result.stdout.contains("meter1 (cli-meter, unit 1 on field): 5 requests, 1 error"))
    }

    @Test func writeWithoutYesSaysWhatItWouldDoAndWritesNothing() throws {
        try withTCPPeer { peer, target throws in
            try peer.command(["cmd": "reset_counts"])
            let result = try FlocCommand.run(["write", unit, "meter1.setpoint", "6.5"] + target)
            #expect(result.status == 2)
            #expect(result.stdout.hasPrefix("would write 6.5 mg/L to meter1.setpoint (holding 10 float32, unit 1 on plant)"))
            #expect(try peer.command(["cmd": "decode", "unit": 1, "address": 10, "type": "float32"])["value"] as? Double == 0)
            #expect(try peer.requestCount(unit: 1, function: 16) == 0)
        }
    }

    @Test func writeWithYesChangesTheRegisterAndReadsBack() throws {
        try withTCPPeer { peer, target throws in
            let result = try FlocCommand.run(["write", unit, "meter1.setpoint", "6.5", "--yes"] + target)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("read back 6.5 mg/L"))
            #expect(try peer.command(["cmd": "decode", "unit": 1, "address": 10, "type": "float32"])["value"] as? Double == 6.5)
            let coil = try FlocCommand.run(["write", unit, "meter1.pump", "on", "--yes"] + target)
            #expect(coil.status == 0, "\(coil.stderr)")
            #expect(try peer.command(["cmd": "get", "unit": 1, "table": "coil", "address": 0, "count": 1])["values"]
                as? [Bool] == [true])
        }
    }

    @Test func writeRefusesReadOnlyPointsAndValuesOutsideTheType() throws {
        try withTCPPeer { peer, target throws in
            try peer.command(["cmd": "reset_counts"])
            let readOnly = try FlocCommand.run(["write", unit, "meter1.oxygen", "3", "--yes"] + target)
            #expect(readOnly.status == 1)
            #expect(readOnly.stderr.contains("meter1.oxygen is read-only"))
            #expect(readOnly.stderr.contains("writable points of meter1: setpoint, speed, pump"))
            // speed is uint16 x 0.01: 700 % would be 70000 counts.
            let tooBig = try FlocCommand.run(["write", unit, "meter1.speed", "700", "--yes"] + target)
            #expect(tooBig.status == 1)
            #expect(tooBig.stderr.contains("does not fit uint16"), "\(tooBig.stderr)")
            #expect(try peer.requestCount(unit: 1, function: 6) == 0)
            #expect(try peer.command(["cmd": "decode", "unit": 1, "address": 12, "type": "uint16"])["value"] as? Int == 4250)
        }
    }

    @Test func writeToASilentDeviceFailsWithTheLinkError() throws {
        try withTCPPeer { peer, target throws in
            try peer.command(["cmd": "mute", "unit": 2])
            let result = try FlocCommand.run(["write", unit, "meter2.speed", "7", "--yes",
                                              "--set", "devices.meter2.timeout_ms=200"] + target)
            #expect(result.status == 1)
            #expect(result.stderr.contains("write meter2.speed failed"))
            #expect(result.stderr.contains("timeout"))
        }
    }
}
