/// The steady state BSM1's closed loop settles to on constant influent with ideal sensors and
/// actuators: DO of one reactor at its setpoint through that reactor's KLa, nitrate of another
/// at its setpoint through Qa. The two manipulated values are appended as states driven by
/// integral action, so `SteadyStateSolver` finds plant and handles together (at the solution
/// both errors are exactly zero whatever the controller gains were).
public struct SetpointSteadyState: ODESystem, Sendable {
    public var plant: ActivatedSludgePlant
    public let aeratedReactor: Int, anoxicReactor: Int
    /// Setpoints, g O2/m3 and g N/m3.
    public let oxygenSetpoint: Double, nitrateSetpoint: Double
    /// Proportional gains (per g/m3) and integral rates (per g/m3 and day) of the two searches.
    public let kLaGain: (proportional: Double, integral: Double)
    public let recycleGain: (proportional: Double, integral: Double)
    /// Limits of the manipulated values, 1/d and m3/d.
    public let kLaLimits: ClosedRange<Double>, recycleLimits: ClosedRange<Double>

    /// BSM1's defaults: reactor 5 at 2 g O2/m3 (KLa 0-360 1/d, K 25, Ti 0.002 d), reactor 2 at
    /// 1 g N/m3 (Qa 0-92 230 m3/d, K 10 000, Ti 0.025 d).
    public init(plant: ActivatedSludgePlant, aeratedReactor: Int = 4, anoxicReactor: Int = 1,
                oxygenSetpoint: Double = 2, nitrateSetpoint: Double = 1,
                kLaGain: (proportional: Double, integral: Double) = (25, 25 / 0.002),
                recycleGain: (proportional: Double, integral: Double) = (10_000, 10_000 / 0.025),
                kLaLimits: ClosedRange<Double> = 0...360, recycleLimits: ClosedRange<Double> = 0...92_230) {
        self.plant = plant
        self.aeratedReactor = aeratedReactor
        self.anoxicReactor = anoxicReactor
        self.oxygenSetpoint = oxygenSetpoint
        self.nitrateSetpoint = nitrateSetpoint
        self.kLaGain = kLaGain
        self.recycleGain = recycleGain
        self.kLaLimits = kLaLimits
        self.recycleLimits = recycleLimits
    }

    public var dimension: Int { plant.dimension + 2 }

    /// (KLa, Qa) the searches apply at `y`.
    public func manipulated(_ y: [Double]) -> (kLa: Double, internalRecycle: Double) {
        let n = plant.dimension
        let oxygenError = oxygenSetpoint - y[plant.reactorOffset(aeratedReactor) + ASM1Component.SO.rawValue]
        let nitrateError = nitrateSetpoint - y[plant.reactorOffset(anoxicReactor) + ASM1Component.SNO.rawValue]
        let kLa = min(max(y[n] + kLaGain.proportional * oxygenError, kLaLimits.lowerBound), kLaLimits.upperBound)
        let qa = min(max(y[n + 1] + recycleGain.proportional * nitrateError, recycleLimits.lowerBound),
                     recycleLimits.upperBound)
        return (kLa, qa)
    }

    public func derivatives(of y: [Double], into dydt: inout [Double]) {
        let n = plant.dimension
        let (kLa, qa) = manipulated(y)
        y.withUnsafeBufferPointer { source in
            dydt.withUnsafeMutableBufferPointer { target in
                plant.writeDerivatives(source.baseAddress!, into: target.baseAddress!, internalRecycle: qa,
                                       aeration: (aeratedReactor, kLa))
            }
        }
        dydt[n] = kLaGain.integral * (oxygenSetpoint - y[plant.reactorOffset(aeratedReactor) + ASM1Component.SO.rawValue])
        dydt[n + 1] = recycleGain.integral
            * (nitrateSetpoint - y[plant.reactorOffset(anoxicReactor) + ASM1Component.SNO.rawValue])
    }

    /// Runs to steady state from the plant's own steady state or `initial` plant state.
    /// Returns the plant state and the manipulated values there. Throws as `SteadyStateSolver`.
    public func solve(approachDays: Double = 150, from initial: [Double]) throws
        -> (state: [Double], kLa: Double, internalRecycle: Double) {
        let start = initial + [plant.description.reactors[aeratedReactor].kLa, plant.description.internalRecycle]
        var solver = SteadyStateSolver(approachTime: approachDays)
        let x = try solver.solve(self, from: start)
        let (kLa, qa) = manipulated(x)
        return (Array(x[0..<plant.dimension]), kLa, qa)
    }
}
