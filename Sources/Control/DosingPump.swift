/// How a dosing pump is driven.
public enum DosingOutputKind: Sendable, Equatable {
    /// Analogue speed (4-20 mA or a VFD register), percent.
    case speed
    /// Stroke pulses to a metering pump's pulse input.
    case pulseFrequency(PulseFrequencyOutput.Settings)
    /// On/off through a relay or GPIO, time-proportioned over a cycle.
    case timeProportioned(TimeProportionedOutput.Settings)
}

/// One chemical pump of a dosing loop.
public struct DosingPumpSettings: Sendable, Equatable {
    public var output: DosingOutputKind
    /// Flow at full demand (100 % speed, maximum stroke rate, relay on), litres per hour.
    public var capacity: Double
    /// Most it may deliver in any hour; nil for no limit.
    public var maximumPerHour: DosingBudget.Limit?

    public init(output: DosingOutputKind, capacity: Double, maximumPerHour: DosingBudget.Limit? = nil) {
        self.output = output
        self.capacity = capacity
        self.maximumPerHour = maximumPerHour
    }
}

/// What a dosing pump is told to do for the next scan.
public enum DosingCommand: Sendable, Equatable {
    case speed(percent: Double)
    case pulses(strokesPerMinute: Double, pulse: Bool)
    case relay(on: Bool)

    /// Nothing is dosed.
    public var isIdle: Bool {
        switch self {
        case .speed(let percent): percent == 0
        case .pulses(let rate, let pulse): rate == 0 && !pulse
        case .relay(let on): !on
        }
    }
}

/// Why a pump is not dosing although the loop may want it to.
public enum DosingBlock: String, Sendable, Equatable, CaseIterable {
    /// No flow past the dosing point or the probe: dosing would concentrate in a dead leg.
    case noProcessFlow
    /// The pH sample is not usable: dosing blind is never right.
    case pHBad
    case lowChemicalLevel
    case pumpFault
    /// The maximum dose per hour has been given.
    case budgetExhausted
}

/// Interlock inputs of one pump, true when dosing may proceed.
public struct PumpPermissives: Sendable, Equatable {
    public var chemicalLevelOK: Bool
    public var pumpHealthy: Bool

    public init(chemicalLevelOK: Bool = true, pumpHealthy: Bool = true) {
        self.chemicalLevelOK = chemicalLevelOK
        self.pumpHealthy = pumpHealthy
    }
}

/// Telemetry of one pump for one scan.
public struct DosingPumpInfo: Sendable, Equatable {
    /// Share of full output the loop asks of this pump, 0...1, before blocks.
    public var demand: Double
    public var command: DosingCommand
    /// Every reason the pump is held off; empty when it may dose.
    public var blocks: [DosingBlock]
    /// Delivered in the sliding hour (litres or seconds, as the budget is); nil with no budget.
    public var budgetUsed: Double?
}

/// The running state of one pump: its output driver and its dose budget.
struct DosingPump: Sendable {
    enum Driver: Sendable {
        case speed
        case pulses(PulseFrequencyOutput)
        case relay(TimeProportionedOutput)
    }

    let settings: DosingPumpSettings
    var driver: Driver
    var budget: DosingBudget?
    var lastCommand = DosingCommand.speed(percent: 0)

    init(settings: DosingPumpSettings) throws(ControlParameterError) {
        guard settings.capacity.isFinite, settings.capacity > 0 else {
            throw ControlParameterError(problems: ["pump capacity must be finite and > 0 L/h"])
        }
        self.settings = settings
        switch settings.output {
        case .speed: driver = .speed
        case .pulseFrequency(let pulse): driver = .pulses(try PulseFrequencyOutput(settings: pulse))
        case .timeProportioned(let relay): driver = .relay(try TimeProportionedOutput(settings: relay))
        }
        budget = try settings.maximumPerHour.map { limit throws(ControlParameterError) in try DosingBudget(limit: limit) }
    }

    /// Interlock blocks of this pump, and the budget's once the last dose is booked.
    func blocks(_ permissives: PumpPermissives) -> [DosingBlock] {
        (permissives.chemicalLevelOK ? [] : [.lowChemicalLevel]) + (permissives.pumpHealthy ? [] : [.pumpFault])
            + (budget?.isExhausted == true ? [.budgetExhausted] : [])
    }

    /// Drives `demand` (0...1) for the next `dt` unless `blocks` hold the pump off. Call
    /// `book(dt:)` first, so the budget includes what the last command delivered.
    mutating func drive(demand: Double, blocks: [DosingBlock], dt: Double) -> DosingPumpInfo {
        let inhibit = !blocks.isEmpty
        let wanted = inhibit ? 0 : min(max(demand.isFinite ? demand : 0, 0), 1)
        switch driver {
        case .speed:
            lastCommand = .speed(percent: wanted * 100)
        case .pulses(var pulses):
            let command = pulses.update(demand: wanted, inhibit: inhibit, dt: dt)
            lastCommand = .pulses(strokesPerMinute: command.strokesPerMinute, pulse: command.pulse)
            driver = .pulses(pulses)
        case .relay(var relay):
            lastCommand = .relay(on: relay.update(duty: wanted, inhibit: inhibit, dt: dt))
            driver = .relay(relay)
        }
        return DosingPumpInfo(demand: demand, command: lastCommand, blocks: blocks, budgetUsed: budget?.used)
    }

    /// Books what the command held over the last `dt` delivered, in litres or seconds.
    /// A pulse pump's volume is its stroke rate's share of capacity: the strokes' average.
    mutating func book(dt: Double) {
        guard var budget, dt.isFinite, dt > 0 else { return }
        let share: Double = switch lastCommand {
        case .speed(let percent): percent / 100
        case .pulses(let rate, _):
            if case .pulseFrequency(let pulse) = settings.output { rate / pulse.maximumStrokesPerMinute } else { 0 }
        case .relay(let on): on ? 1 : 0
        }
        let amount: Double = switch budget.limit {
        case .onTime: share > 0 ? dt : 0
        case .volume: share * settings.capacity * dt / 3600
        }
        budget.record(amount, dt: dt)
        self.budget = budget
    }
}
