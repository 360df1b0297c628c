@testable import Config
import FieldIO
import HAL
import Logging
@testable import Runtime
import Testing

/// Safe values and maximum ages, end to end: a `UnitProgram` in a `ScanEngine` over two
/// bus pollers on in-memory links, all on one manual clock.
final class SafetyRig {
    static let pvKey = "do1.oxygen"
    static let outKey = "vfd1.speed"
    static let oxygen = PointSpec(name: "oxygen", table: .input, address: 0, type: .int16, scale: 0.01, unit: "mg/L",
                                  range: 0...20)
    static let speed = PointSpec(name: "speed", table: .holding, address: 10, type: .uint16, scale: 0.1, unit: "%",
                                 access: .readWrite)

    let clock = ManualClock()
    let image = PointImage()
    let field: RegisterBankLink
    let drives: RegisterBankLink
    let pollers: [BusPoller]
    let engine: ScanEngine<UnitProgram>

    /// A PID loop do1.oxygen -> vfd1.speed (safe 10 %), the DO probe on bus `field`, the drive on bus `drives`.
    init(badPVOutput: Double?, maxAge: Double = 3) throws {
        field = RegisterBankLink(name: "field", clock: clock)
        drives = RegisterBankLink(name: "drives", clock: clock)
        field.addUnit(1)
        drives.addUnit(2)
        field.setRegisters(.inputRegister, unit: 1, address: 0, [150])
        let logger = Logger(label: "floc.runtime.test")
        pollers = [
            BusPoller(bus: "field", link: field, devices: [Self.device("do1", address: 1, bus: "field", Self.oxygen)],
                      image: image, clock: clock, logger: logger),
            BusPoller(bus: "drives", link: drives, devices: [Self.device("vfd1", address: 2, bus: "drives", Self.speed)],
                      image: image, clock: clock, logger: logger),
        ]
        let pv = PointReference(key: Self.pvKey, imageKey: Self.pvKey, unit: "mg/L", range: 0...20)
        let output = PointReference(key: Self.outKey, imageKey: Self.outKey, unit: "%", range: nil)
        let pid = PIDLoopConfig(pv: pv, output: output, pid: PIDConfig(gain: 20, integralTime: 120, outputLimits: 0...100),
                                safeOutput: 10, badPVOutput: badPVOutput, badPVDelay: 2)
        var control = ControlConfig(loops: [LoopConfig(name: "fan", mode: .auto, setpoint: 2, setpointLimits: 0...20,
                                                       kind: .pid(pid))])
        control.defaultOutputMaxAge = maxAge
        engine = ScanEngine(program: try UnitProgram(control: control), period: .seconds(1), image: image, clock: clock,
                            logger: logger)
    }

    static func device(_ name: String, address: Int, bus: String, _ point: PointSpec) -> DeviceConfig {
        DeviceConfig(name: name, profile: DeviceProfile(id: name, manufacturer: "Floc", model: "Test", kind: .other, points: [point]),
                     bus: bus, address: address, pollFast: 1, pollSlow: 10, timeout: 0.3, retries: 0, backoffMin: 1,
                     backoffMax: 8, staleAfter: 3, writeRefresh: 0, line: 0)
    }

    /// One second of the unit: each poller's due work, then one scan (`scan: false` models a stalled scan).
    func second(scan: Bool = true) {
        let end = clock.now + .seconds(1)
        while clock.now < end {
            for poller in pollers { poller.step() }
            sleepToNextDeadline(limit: end)
        }
        if scan { engine.runCycle(deadline: clock.now) }
    }

    /// The clock to the pollers' next deadline (not past `limit`), as their threads would sleep.
    func sleepToNextDeadline(limit: MonotonicInstant) {
        let next = pollers.map(\.nextDeadline).min() ?? limit
        clock.sleep(until: min(max(next, clock.now + .milliseconds(1)), limit))
    }

    /// The drive's speed register in %.
    var driveSpeed: Double? { drives.register(.holdingRegister, unit: 2, address: 10).map { Double($0) / 10 } }
}

@Suite struct OutputSafetyTests {
    @Test func theEngineAsksForEverySafeValueBeforeTheFirstScan() throws {
        let rig = try SafetyRig(badPVOutput: nil)
        #expect(rig.image.desired(SafetyRig.outKey) == 10)
        rig.second(scan: false)
        #expect(rig.driveSpeed == 10, "written by the poller before any scan ran")
    }

    @Test func aStalledScanDrivesTheOutputSafeWithinItsMaximumAge() throws {
        let rig = try SafetyRig(badPVOutput: nil, maxAge: 3)
        for _ in 0..<5 { rig.second() }
        let running = try #require(rig.driveSpeed)
        #expect(running > 10, "PV 1.5 below SP 2 (reverse): the PID drives the fan up")
        let lastRefresh = rig.clock.now
        var safeAt: MonotonicInstant?
        while safeAt == nil && rig.clock.now < lastRefresh + .seconds(10) {
            for poller in rig.pollers { poller.step() }
            if rig.driveSpeed == 10 { safeAt = rig.clock.now } else { rig.sleepToNextDeadline(limit: lastRefresh + .seconds(10)) }
        }
        #expect(safeAt.map { $0 - lastRefresh } == .seconds(3), "the drive is safe exactly when the last refresh is 3 s old")
        #expect(rig.image.isExpired(SafetyRig.outKey))
        #expect(rig.pollers[1].statistics.devices["vfd1"]?.safeFallbacks == 1)
        rig.second()
        rig.second()
        #expect(rig.driveSpeed != 10, "the scan is back: its value is written again")
        #expect(!rig.image.isExpired(SafetyRig.outKey))
    }

    /// Lost field bus: the PV goes comm-fail in the poller's first failed cycle, and the
    /// loop's bad-PV policy (`bad_pv_output`, here the safe value, after 2 s) drives the
    /// output within N = 1 + 2 + 1 scans.
    @Test func aLostInputBusDrivesTheLoopToItsBadPVOutput() throws {
        let rig = try SafetyRig(badPVOutput: 10)
        for _ in 0..<5 { rig.second() }
        #expect(try #require(rig.driveSpeed) > 10)
        rig.field.isReachable = false
        var scans = 0
        while rig.driveSpeed != 10 && scans < 20 {
            rig.second()
            scans += 1
        }
        #expect(scans <= 4, "safe within 4 scans of losing the bus, took \(scans)")
        #expect(rig.engine.snapshots.value?.program.inputs.first?.quality == .bad)
        #expect(!rig.image.isExpired(SafetyRig.outKey), "the scan itself drove it: no fallback was needed")
    }

    /// Without `bad_pv_output` a PID loop holds its last output on a bad PV (the contract of
    /// `docs/configuration.md`); the scan keeps refreshing it, so its maximum age does not run out.
    @Test func aLostInputBusHoldsALoopWithoutBadPVOutput() throws {
        let rig = try SafetyRig(badPVOutput: nil)
        for _ in 0..<5 { rig.second() }
        let held = try #require(rig.driveSpeed)
        rig.field.isReachable = false
        for _ in 0..<10 { rig.second() }
        #expect(rig.driveSpeed == held)
        #expect(rig.engine.snapshots.value?.program.inputs.first?.quality == .bad)
    }
}
