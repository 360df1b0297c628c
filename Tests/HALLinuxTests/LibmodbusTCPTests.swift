import FlocTestSupport
import HAL
import HALLinux
import Testing

/// The peer's data for the HALLinux suites: any other address answers ILLEGAL DATA ADDRESS.
var halPeerUnits: [String: Any] { ["1": [
    "coil": ["0": [1, 0, 1, 0, 1, 0, 1, 0]],
    "discrete": ["0": [1, 1, 0, 0]],
    "holding": ["100": Array(1000...1009)],
    "input": ["200": Array(2000...2003)],
]] }

/// libmodbus against pymodbus, a Modbus stack written by other people, over TCP.
/// The peer's data is `halPeerUnits`.
@Suite("LibmodbusLink over TCP", .enabled(if: PeerProcess.pythonAvailable,
                                          "no Python with pymodbus: set FLOC_PYTHON"))
struct LibmodbusTCPTests {
    /// Starts the peer on a free port, connects a link, runs `body`, and stops the peer on every path.
    private func withPeer(_ body: (LibmodbusLink) throws -> Void) throws {
        let peer = try ModbusPeer(.tcp, units: halPeerUnits)
        defer { peer.stop() }
        let port = peer.modbusPort
        let link = LibmodbusLink.tcp(host: "127.0.0.1", port: port)
        link.setResponseTimeout(seconds: 2)
        let up = PeerProcess.poll(deadline: 15) { (try? link.connect()) != nil }
        try #require(up, "pymodbus did not listen on \(port): \(peer.process.errorOutput)")
        try body(link)
        link.close()
    }

    @Test func readsPreloadedRegistersAndBits() throws {
        try withPeer { link throws in
            #expect(link.name.hasPrefix("tcp 127.0.0.1:"))
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 10)
                == (1000...1009).map { UInt16($0) })
            #expect(try link.readRegisters(.inputRegister, unit: 1, address: 201, count: 2) == [2001, 2002])
            #expect(try link.readBits(.coil, unit: 1, address: 0, count: 4) == [true, false, true, false])
            #expect(try link.readBits(.discreteInput, unit: 1, address: 0, count: 3) == [true, true, false])
            #expect(link.requestCount == 4)
            #expect(link.failureCount == 0)
        }
    }

    @Test func writesAndReadsBack() throws {
        try withPeer { link throws in
            try link.writeRegisters(unit: 1, address: 102, values: [7, 8, 9])
            try link.writeRegisters(unit: 1, address: 105, values: [42], single: true)
            let registers = try link.readRegisters(.holdingRegister, unit: 1, address: 101, count: 6)
            #expect(registers == [1001, 7, 8, 9, 42, 1006])
            try link.writeCoils(unit: 1, address: 1, values: [true], single: true)
            try link.writeCoils(unit: 1, address: 4, values: [false, true])
            #expect(try link.readBits(.coil, unit: 1, address: 0, count: 6) == [true, true, true, false, false, true])
        }
    }

    @Test func exceptionResponseIsTyped() throws {
        try withPeer { link throws in
            let error = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 1, address: 110, count: 1)
            }
            #expect(error?.code == .modbusException(.illegalDataAddress))
            #expect(error?.operation == "read holding 110+1 unit 1")
            #expect(error?.description.contains("Modbus exception 2 ILLEGAL DATA ADDRESS") == true)
            // An exception is an answer: the link stays up and the next request works.
            #expect(link.isConnected)
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 109, count: 1) == [1009])
        }
    }

    @Test func misuseIsRejectedBeforeTheWire() throws {
        try withPeer { link throws in
            let tooMany = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 1, address: 0, count: 126)
            }
            #expect(tooMany?.code == .invalidArgument)
            let wrongTable = #expect(throws: HALError.self) {
                try link.readRegisters(.coil, unit: 1, address: 0, count: 1)
            }
            #expect(wrongTable?.code == .invalidArgument)
            #expect(link.requestCount == 0)
        }
    }

    @Test func closedPortIsLinkDown() throws {
        let port = PeerProcess.freePort()
        let link = LibmodbusLink.tcp(host: "127.0.0.1", port: port)
        let error = #expect(throws: HALError.self) { try link.connect() }
        #expect(error?.code == .linkDown)
        #expect(error?.description == "tcp 127.0.0.1:\(port): connect: link down "
            + "(cannot connect to 127.0.0.1:\(port): Connection refused)")
        #expect(!link.isConnected)
        let notConnected = #expect(throws: HALError.self) {
            try link.readRegisters(.holdingRegister, unit: 1, address: 0, count: 1)
        }
        #expect(notConnected?.code == .linkDown)
    }
}
