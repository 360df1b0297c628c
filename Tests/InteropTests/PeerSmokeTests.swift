import FlocTestSupport
import Testing

/// The peer itself: its independent encoder and its line counters, before Floc is put against it.
@Suite("modbus_peer.py", .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: run scripts/setup"))
struct PeerSmokeTests {
    @Test func encodesWithPythonStructAndCountsNothingYet() throws {
        let peer = try ModbusPeer(.tcp)
        defer { peer.stop() }
        let reply = try peer.command(["cmd": "encode", "unit": 1, "address": 10, "type": "float32",
                                      "order": "CDAB", "value": 123.456])
        // 123.456 as float32 is 0x42F6E979; CDAB puts the low word first.
        #expect(reply["registers"] as? [Int] == [0xE979, 0x42F6])
        #expect(try peer.requestCount(unit: 1, function: 3) == 0)
        #expect(peer.modbusPort > 0)
    }
}
