@testable import Config
import FieldIO
import HAL
import Testing

@Suite struct DeviceProbeTests {
    @Test func readsEveryReadablePointOnce() throws {
        var never = Fixtures.temperature
        never.poll = .never
        let device = Fixtures.device("do1", address: 1, points: [Fixtures.oxygen, never, Fixtures.status, Fixtures.setpoint])
        let clock = ManualClock()
        let link = RegisterBankLink(clock: clock)
        BusPollerTests.instrument(link)
        try link.connect()
        var probe = DeviceProbe(link: link, device: device, clock: clock, logger: Fixtures.logger)
        let results = probe.readAll()
        #expect(Set(results.map(\.0.name)) == ["oxygen", "temperature", "status", "setpoint"])
        #expect(results.first { $0.0.name == "oxygen" }?.1.value == 7.5)
        // input 0..2, holding 10, holding 100: max_gap 0.
        #expect(probe.requestsSent == 3)
    }

    @Test func failedRequestGivesItsPointsTheFailure() throws {
        let device = Fixtures.device("do1", address: 1, points: [Fixtures.oxygen, Fixtures.status])
        let clock = ManualClock()
        let link = RegisterBankLink(clock: clock)
        BusPollerTests.instrument(link)
        link.inject(.exception(.serverDeviceBusy, table: nil, addresses: 0...0), unit: 1)
        try link.connect()
        var probe = DeviceProbe(link: link, device: device, clock: clock, logger: Fixtures.logger)
        let results = Dictionary(uniqueKeysWithValues: probe.readAll().map { ($0.0.name, $0.1.quality) })
        #expect(results == ["oxygen": .deviceException(.serverDeviceBusy), "status": .good])
    }

    @Test func writePointEncodesWritesAndReadsBack() throws {
        let device = Fixtures.device("vfd", address: 3, points: [Fixtures.setpoint, Fixtures.status])
        let clock = ManualClock()
        let link = RegisterBankLink(clock: clock)
        link.addUnit(3)
        try link.connect()
        var probe = DeviceProbe(link: link, device: device, clock: clock, logger: Fixtures.logger)
        let result = try probe.writePoint("setpoint", value: 42.04)
        #expect(result.verified)
        #expect(abs(result.written - 42.0) < 1e-9, "rounded to the register's 0.1 resolution")
        #expect(link.register(.holdingRegister, unit: 3, address: 10) == 420)
        #expect(throws: WriteError.notWritable(point: "status")) { _ = try probe.writePoint("status", value: 1) }
        #expect(throws: WriteError.self) { _ = try probe.writePoint("setpoint", value: -5) }
        link.inject(.ignoreWrites, unit: 3)
        #expect(try !probe.writePoint("setpoint", value: 10).verified)
    }
}
