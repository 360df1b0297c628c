/// BSM1 with its default control handles as continuous dynamics: the KLa actuator of the
/// aerated reactor (two lags, T90 4 min), the internal-recycle actuator (one lag, T = 0.001 d),
/// the DO sensor of that reactor and the nitrate sensor of the anoxic reactor (`BenchmarkSensor`
/// lags; noise and clipping are applied when a sample is read, not in the state).
///
/// The controller itself is sampled: it sets `kLaCommand` and `internalRecycleCommand` between
/// integrations (zero-order hold); everything downstream and upstream of it stays continuous, as
/// in the reference Simulink model. The plant's hydraulic delay on the reactor input
/// (T = 0.0001 d in the reference) is not modelled.
public struct ControlledActivatedSludgePlant: ODESystem, Sendable {
    /// The plant; its KLa of `aeratedReactor` and its Qa are replaced by the actuator states.
    public var plant: ActivatedSludgePlant
    /// 0-based index of the reactor whose KLa is manipulated and whose DO is measured (BSM1: 4).
    public let aeratedReactor: Int
    /// 0-based index of the reactor whose nitrate is measured (BSM1: 1).
    public let anoxicReactor: Int
    public let oxygenSensor: BenchmarkSensor
    public let nitrateSensor: BenchmarkSensor
    public let kLaActuator: LagChain
    public let recycleActuator: LagChain
    /// KLa requested by the DO controller, 1/d (held between integrations).
    public var kLaCommand: Double
    /// Qa requested by the nitrate controller, m3/d (held between integrations).
    public var internalRecycleCommand: Double

    public init(plant: ActivatedSludgePlant, aeratedReactor: Int = 4, anoxicReactor: Int = 1,
                oxygenSensor: BenchmarkSensor = .bsm1Oxygen, nitrateSensor: BenchmarkSensor = .bsm1Nitrate,
                kLaActuator: LagChain = LagChain(order: 2, timeConstant: 4.0 / 1440 / 3.89),
                recycleActuator: LagChain = LagChain(order: 1, timeConstant: 0.001)) {
        self.plant = plant
        self.aeratedReactor = aeratedReactor
        self.anoxicReactor = anoxicReactor
        self.oxygenSensor = oxygenSensor
        self.nitrateSensor = nitrateSensor
        self.kLaActuator = kLaActuator
        self.recycleActuator = recycleActuator
        kLaCommand = plant.description.reactors[aeratedReactor].kLa
        internalRecycleCommand = plant.description.internalRecycle
    }

    public var dimension: Int { recycleOffset + recycleActuator.order }

    private var oxygenSensorOffset: Int { plant.dimension }
    private var nitrateSensorOffset: Int { oxygenSensorOffset + oxygenSensor.lag.order }
    private var kLaOffset: Int { nitrateSensorOffset + nitrateSensor.lag.order }
    private var recycleOffset: Int { kLaOffset + kLaActuator.order }

    public func derivatives(of y: [Double], into dydt: inout [Double]) {
        y.withUnsafeBufferPointer { source in
            dydt.withUnsafeMutableBufferPointer { target in
                let y = source.baseAddress!, dydt = target.baseAddress!
                let kLa = y[recycleOffset - 1], qa = y[dimension - 1]
                plant.writeDerivatives(y, into: dydt, internalRecycle: qa, aeration: (aeratedReactor, kLa))
                let so = y[plant.reactorOffset(aeratedReactor) + ASM1Component.SO.rawValue]
                let sno = y[plant.reactorOffset(anoxicReactor) + ASM1Component.SNO.rawValue]
                oxygenSensor.lag.writeDerivatives(input: so, states: y + oxygenSensorOffset, into: dydt + oxygenSensorOffset)
                nitrateSensor.lag.writeDerivatives(input: sno, states: y + nitrateSensorOffset,
                                                   into: dydt + nitrateSensorOffset)
                kLaActuator.writeDerivatives(input: kLaCommand, states: y + kLaOffset, into: dydt + kLaOffset)
                recycleActuator.writeDerivatives(input: internalRecycleCommand, states: y + recycleOffset,
                                                 into: dydt + recycleOffset)
            }
        }
    }

    /// The plant's structure (see `ActivatedSludgePlant.jacobianSparsity`), every reactor on the Qa
    /// actuator, the aerated reactor's oxygen on the KLa actuator, each lag on its predecessor and
    /// each sensor's first lag on the concentration it measures.
    public var jacobianSparsity: SparsityPattern? {
        guard let plantPattern = plant.jacobianSparsity else { return nil }
        var pattern = SparsityPattern(dimension: dimension)
        pattern.insert(plantPattern, at: 0)
        pattern.insert(rows: 0..<plant.settlerOffset, columns: (dimension - 1)..<dimension)
        let oxygen = plant.reactorOffset(aeratedReactor) + ASM1Component.SO.rawValue
        let nitrate = plant.reactorOffset(anoxicReactor) + ASM1Component.SNO.rawValue
        pattern.insert(row: oxygen, column: recycleOffset - 1)
        for (offset, order) in [(oxygenSensorOffset, oxygenSensor.lag.order), (nitrateSensorOffset, nitrateSensor.lag.order),
                                (kLaOffset, kLaActuator.order), (recycleOffset, recycleActuator.order)] {
            for i in offset..<(offset + order) {
                pattern.insert(row: i, column: i)
                if i > offset { pattern.insert(row: i, column: i - 1) }
            }
        }
        pattern.insert(row: oxygenSensorOffset, column: oxygen)
        pattern.insert(row: nitrateSensorOffset, column: nitrate)
        return pattern
    }

    /// A state at rest: the plant at `plantState`, actuators at `kLa` and `internalRecycle`
    /// (also the commands), sensors reading the true concentrations.
    public mutating func restingState(plantState: [Double], kLa: Double, internalRecycle: Double) -> [Double] {
        precondition(plantState.count == plant.dimension, "plant state length does not match")
        kLaCommand = kLa
        internalRecycleCommand = internalRecycle
        var y = plantState + [Double](repeating: 0, count: dimension - plant.dimension)
        let so = plantState[plant.reactorOffset(aeratedReactor) + ASM1Component.SO.rawValue]
        let sno = plantState[plant.reactorOffset(anoxicReactor) + ASM1Component.SNO.rawValue]
        for i in 0..<oxygenSensor.lag.order { y[oxygenSensorOffset + i] = so }
        for i in 0..<nitrateSensor.lag.order { y[nitrateSensorOffset + i] = sno }
        for i in 0..<kLaActuator.order { y[kLaOffset + i] = kLa }
        for i in 0..<recycleActuator.order { y[recycleOffset + i] = internalRecycle }
        return y
    }

    /// The plant's own states of `y`.
    public func plantState(_ y: [Double]) -> [Double] { Array(y[0..<plant.dimension]) }

    /// KLa the actuator delivers now, 1/d.
    public func kLa(_ y: [Double]) -> Double { y[recycleOffset - 1] }
    /// Qa the recycle pump delivers now, m3/d.
    public func internalRecycle(_ y: [Double]) -> Double { y[dimension - 1] }
    /// The DO sensor's lagged signal before noise, g O2/m3.
    public func oxygenSignal(_ y: [Double]) -> Double { y[nitrateSensorOffset - 1] }
    /// The nitrate sensor's lagged signal before noise, g N/m3.
    public func nitrateSignal(_ y: [Double]) -> Double { y[kLaOffset - 1] }

    /// The plant as it runs now (KLa and Qa at the actuator outputs), for streams and evaluation.
    public func plantNow(_ y: [Double]) -> ActivatedSludgePlant {
        var now = plant
        now.description.reactors[aeratedReactor].kLa = kLa(y)
        now.description.internalRecycle = internalRecycle(y)
        return now
    }
}
