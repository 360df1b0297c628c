import Config
import Control
import FieldIO
import HAL
import Logging
import Runtime

/// A unit with two staged blowers on a DO loop, a pH loop dosing acid through a relay and
/// caustic through a speed, a level interlock on the pH loop, an e-stop, a calibrated pH
/// instrument and one alarm of each new kind; a manual clock, and a wall clock 1.7e9 s ahead of it.
final class ModesFixture {
    static func point(_ key: String, unit: String = "", range: ClosedRange<Double>? = nil, boolean: Bool = false) -> PointReference {
        PointReference(key: key, imageKey: key, unit: unit, range: range, isBoolean: boolean)
    }

    static let oxygen = point("do1.oxygen", unit: "mg/L", range: 0...20)
    static let ph = point("ph1.ph", unit: "pH", range: 0...14)
    static let level = point("level1.level", unit: "m", range: 0...10)
    static let estopInput = point("io1.input3", boolean: true)
    static let fault2 = point("blower2.fault", boolean: true)
    static let wallOffset = 1_700_000_000.0

    let clock = ManualClock()
    let image = PointImage()
    let program: UnitProgram
    let engine: ScanEngine<UnitProgram>
    static let tech = CommandSource(name: "console:tom", role: .technician)
    static let operatorAna = CommandSource(name: "console:ana", role: .operator_)

    init(calibrations: [String: CalibrationRecord] = [:], maxHoldMinutes: Double = 60,
         equipment: [String: EquipmentCounter] = [:], systemAlarms: SystemAlarms = SystemAlarms()) throws {
        func blower(_ n: Int, fault: PointReference? = nil) -> BlowerConfig {
            BlowerConfig(name: "blower\(n)", speed: Self.point("blower\(n).speed", unit: "%", range: 0...100),
                         run: Self.point("blower\(n).run", boolean: true), fault: fault, minimumSpeed: 20, maximumSpeed: 100,
                         handSpeed: 70)
        }
        let aeration = AerationLoopConfig(dissolvedOxygen: Self.oxygen, outer: PIDConfig(gain: 25, integralTime: 600, outputLimits: 20...100),
                                          blowers: [blower(1), blower(2, fault: Self.fault2)], badDODelay: 10)
        let ph = PHLoopConfig(ph: Self.ph, pid: PIDConfig(gain: 20, integralTime: 300, outputLimits: -100...100),
                              acid: DoserConfig(output: Self.point("io1.relay1", boolean: true), cycleTime: 10, capacity: 6, handOutput: 50),
                              caustic: DoserConfig(output: Self.point("pump2.speed", unit: "%"), capacity: 6, handOutput: 40))
        let loops = [
            LoopConfig(name: "aeration1", mode: .auto, setpoint: 2, setpointLimits: 0.5...4, kind: .aeration(aeration)),
            LoopConfig(name: "ph1", mode: .auto, setpoint: 7, setpointLimits: 6...8, kind: .ph(ph)),
        ]
        let interlocks = [
            InterlockConfig(name: "dosing", permissives: [PointCondition(text: "level1.level > 0.5", point: Self.level,
                                                                         comparison: .greater, threshold: 0.5)], loops: ["ph1"]),
            InterlockConfig(name: "estop", trips: [PointCondition(text: "io1.input3", point: Self.estopInput,
                                                                  comparison: .greaterOrEqual, threshold: 0.5)],
                            loops: [], estop: true),
        ]
        let alarms = [
            AlarmConfig(name: "ph_level", trigger: .analog(point: Self.ph, limits: [(.h, 9)], deadband: 0)),
            AlarmConfig(name: "do_dev", trigger: .deviation(loop: "aeration1", high: 1, low: 1, deadband: 0.1), onDelay: 5),
            AlarmConfig(name: "level_rate", trigger: .rate(point: Self.level, rise: 0.5, fall: nil, window: 60, deadband: 0)),
            AlarmConfig(name: "ph_signal", trigger: .badQuality(Self.ph)),
            AlarmConfig(name: "blower2_trip", trigger: .fault(PointCondition(text: "blower2.fault", point: Self.fault2,
                                                                             comparison: .greaterOrEqual, threshold: 0.5),
                                                          equipment: "blower2")),
        ]
        let instruments = [InstrumentConfig(point: Self.ph, calibration: .ph, calibrationIntervalDays: 30, maxHoldMinutes: maxHoldMinutes)]
        let clock = clock
        program = try UnitProgram(control: ControlConfig(loops: loops, alarms: alarms, interlocks: interlocks, instruments: instruments),
                                  calibrations: calibrations, equipment: equipment, systemAlarms: systemAlarms,
                                  utcNow: { Self.wallOffset + Double(clock.now.nanoseconds) / 1e9 })
        engine = ScanEngine(program: program, period: .seconds(1), image: image, clock: clock, logger: Logger(label: "floc.test"))
        set(["do1.oxygen": 2, "ph1.ph": 7, "level1.level": 2, "io1.input3": 0, "blower2.fault": 0])
    }

    var utcNow: Double { Self.wallOffset + Double(clock.now.nanoseconds) / 1e9 }

    func set(_ values: [String: Double], quality: PointQuality = .good) {
        image.update(values.mapValues { PointSample(value: $0, quality: quality, time: clock.now) })
    }

    /// Refreshes every input at its last value (the field keeps answering) and runs one scan.
    func step(_ seconds: Double = 1) {
        clock.advance(by: .nanoseconds(Int64(seconds * 1e9)))
        let now = clock.now
        image.update(image.snapshot(at: now).filter { !$0.key.contains("speed") && !$0.key.contains("run") && !$0.key.contains("relay") }
            .mapValues { PointSample(value: $0.value, quality: $0.quality, time: now) })
        engine.runCycle(deadline: now)
    }

    func steps(_ count: Int, _ seconds: Double = 1) {
        for _ in 0..<count { step(seconds) }
    }

    func command(_ command: UnitCommand, from source: CommandSource = tech) -> CommandResult? {
        let ticket = engine.commands.submit(command, from: source)
        step()
        return ticket.result
    }

    func output(_ key: String) -> Double? { image.desired(key) }
    var snapshot: UnitSnapshot! { engine.snapshots.value?.program }
    func alarm(_ id: String) -> AlarmState? { snapshot.alarm(id)?.state }
    func equipment(_ name: String) -> EquipmentStatus? { snapshot.equipment.first { $0.name == name } }
    func input(_ key: String) -> InputStatus? { snapshot.inputs.first { $0.key == key } }
}
