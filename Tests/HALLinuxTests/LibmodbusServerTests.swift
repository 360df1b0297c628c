import FlocTestSupport
import Foundation
import HAL
import HALLinux
import Testing

/// The libmodbus server, with Floc's own client (LibmodbusLink) and with pymodbus's client.
@Suite("LibmodbusServer")
struct LibmodbusServerTests {
    static let layout = LibmodbusServer.Layout(coils: 0..<16, discreteInputs: 0..<8,
                                               inputRegisters: 200..<210, holdingRegisters: 100..<120)

    /// A started server with a connected link; both are stopped on every path.
    private func withServer(_ server: LibmodbusServer = LibmodbusServer(layout: Self.layout), timeout: Double = 2,
                            _ body: (LibmodbusServer, LibmodbusLink) throws -> Void) throws {
        try server.start()
        defer { server.stop() }
        let link = LibmodbusLink.tcp(host: "127.0.0.1", port: server.port)
        link.setResponseTimeout(seconds: timeout)
        try link.connect()
        defer { link.close() }
        try body(server, link)
    }

    @Test func servesTheBankOnAPortTheKernelChose() throws {
        try withServer { server, link throws in
            #expect(server.port > 0)
            #expect(server.isRunning)
            try server.setRegisters(.holdingRegister, address: 100, (0..<10).map { UInt16(1000 + $0) })
            try server.setRegisters(.inputRegister, address: 205, [7, 8])
            try server.setBits(.discreteInput, address: 2, [true, false, true])
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 10)
                == (0..<10).map { UInt16(1000 + $0) })
            #expect(try link.readRegisters(.inputRegister, unit: 7, address: 204, count: 3) == [0, 7, 8])
            #expect(try link.readBits(.discreteInput, unit: 1, address: 1, count: 4) == [false, true, false, true])
            #expect(server.requestsServed == 3)
        }
    }

    @Test func clientWritesLandInTheBank() throws {
        try withServer { server, link throws in
            try link.writeRegisters(unit: 1, address: 110, values: [0xBEEF, 2, 3])
            try link.writeRegisters(unit: 1, address: 119, values: [42], single: true)
            try link.writeCoils(unit: 1, address: 3, values: [true, false, true])
            #expect(try server.registers(.holdingRegister, address: 110, count: 3) == [0xBEEF, 2, 3])
            #expect(try server.registers(.holdingRegister, address: 119, count: 1) == [42])
            #expect(try server.bits(.coil, address: 2, count: 5) == [false, true, false, true, false])
        }
    }

    @Test func addressesOutsideTheLayoutAnswerIllegalDataAddress() throws {
        try withServer { server, link throws in
            let error = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 1, address: 118, count: 4)
            }
            #expect(error?.code == .modbusException(.illegalDataAddress))
            // The link stays usable after an exception answer.
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 118, count: 2) == [0, 0])
            let local = #expect(throws: HALError.self) { try server.registers(.holdingRegister, address: 99, count: 2) }
            #expect(local?.code == .invalidArgument)
            #expect(throws: HALError.self) { try server.bits(.holdingRegister, address: 100, count: 1) }
        }
    }

    @Test func servesTwoClientsAtOnce() throws {
        try withServer { server, first throws in
            let second = LibmodbusLink.tcp(host: "127.0.0.1", port: server.port)
            second.setResponseTimeout(seconds: 2)
            try second.connect()
            defer { second.close() }
            try first.writeRegisters(unit: 1, address: 100, values: [11])
            #expect(try second.readRegisters(.holdingRegister, unit: 1, address: 100, count: 1) == [11])
            try second.writeRegisters(unit: 1, address: 101, values: [22])
            #expect(try first.readRegisters(.holdingRegister, unit: 1, address: 100, count: 2) == [11, 22])
        }
    }

    @Test func stopClosesConnectionsAndThePort() throws {
        let server = LibmodbusServer(layout: Self.layout)
        try server.start()
        let port = server.port
        let link = LibmodbusLink.tcp(host: "127.0.0.1", port: port)
        link.setResponseTimeout(seconds: 1)
        try link.connect()
        defer { link.close() }
        #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 1) == [0])
        server.stop()
        #expect(!server.isRunning)
        #expect(server.port == 0)
        #expect(throws: HALError.self) { try link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 1) }
        let late = LibmodbusLink.tcp(host: "127.0.0.1", port: port)
        #expect(throws: HALError.self) { try late.connect() }
        server.stop()
    }

    @Test func aPortInUseIsAnErrorThatSaysSo() throws {
        let first = LibmodbusServer(layout: Self.layout)
        try first.start()
        defer { first.stop() }
        let second = LibmodbusServer(layout: Self.layout)
        let error = #expect(throws: HALError.self) { try second.start(port: first.port) }
        #expect(error?.code == .linkDown)
        #expect(error?.detail.contains("in use") == true)
    }

    @Test(.enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: set FLOC_PYTHON"))
    func pymodbusClientReadsAndWrites() throws {
        let server = LibmodbusServer(layout: Self.layout)
        try server.start()
        defer { server.stop() }
        try server.setRegisters(.holdingRegister, address: 100, [1, 2, 3])
        let script = """
        from pymodbus.client import ModbusTcpClient
        c = ModbusTcpClient("127.0.0.1", port=\(server.port), timeout=2)
        assert c.connect()
        r = c.read_holding_registers(100, count=3, slave=1)
        w = c.write_registers(105, [77, 78], slave=1)
        e = c.read_holding_registers(300, count=1, slave=1)
        print(r.registers, w.isError(), e.isError() and e.exception_code)
        c.close()
        """
        let process = try PeerProcess(PeerProcess.python, ["-c", script])
        defer { process.stop() }
        let exited = PeerProcess.poll(deadline: 20) { !process.process.isRunning }
        try #require(exited, "pymodbus client did not finish")
        let output = String(decoding: process.outputPipe.fileHandleForReading.availableData, as: UTF8.self)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "[1, 2, 3] False 2", "\(process.errorOutput)")
        #expect(try server.registers(.holdingRegister, address: 105, count: 2) == [77, 78])
    }

    // MARK: One bank per unit id, RTU, request filter

    static let units: [UInt8: LibmodbusServer.Layout] = [
        10: .init(holdingRegisters: 0..<4), 20: .init(coils: 0..<8, holdingRegisters: 100..<102),
    ]

    /// Requests to units 10 and 20 reach their own banks; unit 30 gets no answer.
    private func expectPerUnitBanks(_ server: LibmodbusServer, _ link: LibmodbusLink) throws {
        try server.bank(unit: 10)!.setRegisters(.holdingRegister, address: 0, [1, 2, 3, 4])
        try server.bank(unit: 20)!.setRegisters(.holdingRegister, address: 100, [7, 8])
        #expect(try link.readRegisters(.holdingRegister, unit: 10, address: 0, count: 4) == [1, 2, 3, 4])
        #expect(try link.readRegisters(.holdingRegister, unit: 20, address: 100, count: 2) == [7, 8])
        let silent = #expect(throws: HALError.self) { try link.readRegisters(.holdingRegister, unit: 30, address: 0, count: 1) }
        #expect(silent?.code == .timeout)
        let bank = try #require(server.bank(unit: 20))
        let before = bank.writeCount
        try link.writeCoils(unit: 20, address: 2, values: [true], single: true)
        #expect(bank.writeCount == before + 1)
        #expect(try bank.bits(.coil, address: 2, count: 1) == [true])
        #expect(server.bank(unit: 10)!.writeCount == 0)
    }

    @Test func oneBankPerUnitIdOverTCP() throws {
        try withServer(LibmodbusServer(units: Self.units), timeout: 0.3) { server, link throws in
            try expectPerUnitBanks(server, link)
            #expect(throws: HALError.self) { try server.registers(.holdingRegister, address: 0, count: 1) }
        }
    }

    @Test(.enabled(if: PeerProcess.socatAvailable, "socat not installed"))
    func oneBankPerUnitIdOverRTUOnAPtyPair() throws {
        let stem = "/tmp/floc-server-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let socat = try PeerProcess("/usr/bin/socat", ["pty,raw,echo=0,link=\(stem)-a", "pty,raw,echo=0,link=\(stem)-b"])
        defer {
            socat.stop()
            unlink(stem + "-a")
            unlink(stem + "-b")
        }
        try #require(PeerProcess.poll(deadline: 5) {
            FileManager.default.fileExists(atPath: stem + "-a") && FileManager.default.fileExists(atPath: stem + "-b")
        }, "socat made no pty pair")
        let server = LibmodbusServer(units: Self.units)
        try server.start(serial: SerialPortSettings(device: stem + "-b", baud: 19200))
        defer { server.stop() }
        #expect(server.device == stem + "-b")
        let link = LibmodbusLink.rtu(SerialPortSettings(device: stem + "-a", baud: 19200))
        link.setResponseTimeout(seconds: 0.3)
        try link.connect()
        defer { link.close() }
        try expectPerUnitBanks(server, link)
    }

    @Test func requestFilterSilencesRefusesAndDelays() throws {
        let server = LibmodbusServer(units: Self.units)
        server.requestFilter = { request in
            switch request.unit {
            case 10 where request.span.contains(2): .exception(.serverDeviceBusy)
            case 10: .reply
            case 20 where request.table == .coil: .silence
            default: LibmodbusServer.Disposition(.reply, delay: 0.5)
            }
        }
        try withServer(server, timeout: 0.3) { _, link throws in
            #expect(try link.readRegisters(.holdingRegister, unit: 10, address: 0, count: 2) == [0, 0])
            let busy = #expect(throws: HALError.self) { try link.readRegisters(.holdingRegister, unit: 10, address: 1, count: 2) }
            #expect(busy?.code == .modbusException(.serverDeviceBusy))
            let silent = #expect(throws: HALError.self) { try link.readBits(.coil, unit: 20, address: 0, count: 1) }
            #expect(silent?.code == .timeout)
            let late = #expect(throws: HALError.self) { try link.readRegisters(.holdingRegister, unit: 20, address: 100, count: 1) }
            #expect(late?.code == .timeout)
        }
    }
}
