import FieldIO
import HAL
import Testing

@Suite struct RegisterBankLinkTests {
    @Test func honoursTheRequestLimitAndUnmappedAddresses() throws {
        let clock = ManualClock()
        let link = RegisterBankLink(clock: clock)
        link.addUnit(1, RegisterBankLink.Unit(maxRegistersPerRequest: 4, rejectUnmapped: true))
        link.setRegisters(.holdingRegister, unit: 1, address: 0, [1, 2, 3, 4, 5])
        try link.connect()
        #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 0, count: 4) == [1, 2, 3, 4])
        #expect(throws: HALError(.modbusException(.illegalDataValue), operation: "read holding 0..4",
                                 context: "register bank unit 1")) {
            _ = try link.readRegisters(.holdingRegister, unit: 1, address: 0, count: 5)
        }
        let error = #expect(throws: HALError.self) {
            _ = try link.readRegisters(.holdingRegister, unit: 1, address: 3, count: 3)
        }
        #expect(error?.code == .modbusException(.illegalDataAddress))
        #expect(link.counts(unit: 1).reads == 3)
    }

    @Test func absentUnitCostsTheTimeout() throws {
        let clock = ManualClock()
        let link = RegisterBankLink(clock: clock)
        try link.connect()
        link.setResponseTimeout(seconds: 0.25)
        let error = #expect(throws: HALError.self) {
            _ = try link.readBits(.coil, unit: 9, address: 0, count: 1)
        }
        #expect(error?.code == .timeout)
        #expect(clock.now == MonotonicInstant(nanoseconds: 250_000_000))
    }

    @Test func requestsNeedAConnection() {
        let link = RegisterBankLink(clock: ManualClock())
        link.addUnit(1)
        let error = #expect(throws: HALError.self) {
            try link.writeCoils(unit: 1, address: 0, values: [true])
        }
        #expect(error?.code == .linkDown)
        #expect(link.totalRequests == 0)
    }
}
