import Foundation

/// The unit the `floc run` interop tests control: a VACON 100 blower (unit 1) and an OPTOD DO
/// probe (unit 10) on one Modbus TCP bus served by the test's peer, one aeration loop at 2 mg/L.
enum AerationUnitFixture {
    /// The peer's units for it: the VACON registers sit at 2000..2107, so unit 1 maps 3000 addresses.
    static var peerUnits: [String: Any] { ["1": ["size": 3000], "10": [String: Any]()] }

    /// Writes the unit file to `url`, with the bus pointing at `port`.
    static func write(to url: URL, name: String, port: Int) throws {
        try """
        [unit]
        name = "\(name)"
        board = "simulator"
        scan_period_ms = 100
        [buses.plant]
        type = "tcp"
        host = "127.0.0.1"
        port = \(port)
        [devices.blower1]
        profile = "vacon-100"
        bus = "plant"
        address = 1
        poll_fast_ms = 200
        [devices.do1]
        profile = "aqualabo-optod"
        bus = "plant"
        address = 10
        poll_fast_ms = 200
        [loops.aeration1]
        type = "aeration"
        do = "do1.oxygen"
        setpoint = 2.0
        [loops.aeration1.blowers.blower1]
        speed = "blower1.speed_reference"
        run = "blower1.control_word"
        min_speed_pct = 20
        """.write(to: url, atomically: true, encoding: .utf8)
    }
}
