/// What the BSM1 evaluation needs at one sampling instant (every 15 minutes in the protocol).
public struct EvaluationSample: Sendable {
    /// Days.
    public var time: Double
    public var influent: PlantStream
    /// Effluent (flow Qin - Qw).
    public var effluent: PlantStream
    /// KLa of every reactor as delivered by the actuators, 1/d.
    public var kLa: [Double]
    /// Qa, Qr, Qw, m3/d.
    public var internalRecycle: Double, returnSludge: Double, wasteSludge: Double
    /// TSS of the wasted underflow, g SS/m3.
    public var wasteTSS: Double
    /// Setpoint minus true concentration of each controlled variable (e.g. SO5, SNO2), g/m3.
    public var controlErrors: [Double]

    public init(time: Double, influent: PlantStream, effluent: PlantStream, kLa: [Double], internalRecycle: Double,
                returnSludge: Double, wasteSludge: Double, wasteTSS: Double, controlErrors: [Double] = []) {
        self.time = time
        self.influent = influent
        self.effluent = effluent
        self.kLa = kLa
        self.internalRecycle = internalRecycle
        self.returnSludge = returnSludge
        self.wasteSludge = wasteSludge
        self.wasteTSS = wasteTSS
        self.controlErrors = controlErrors
    }
}

extension ActivatedSludgePlant {
    /// The evaluation sample of state `y` at `time` (days); `controlErrors` as the caller computes them.
    public func evaluationSample(_ y: [Double], time: Double, controlErrors: [Double] = []) -> EvaluationSample {
        let d = description
        return EvaluationSample(time: time, influent: influent, effluent: effluent(y), kLa: d.reactors.map(\.kLa),
                                internalRecycle: d.internalRecycle, returnSludge: d.returnSludge,
                                wasteSludge: d.wasteSludge, wasteTSS: underflow(y).tss, controlErrors: controlErrors)
    }

    /// Suspended solids held in the reactors and the settler, g SS.
    public func sludgeMass(_ y: [Double]) -> Double {
        let reactors = description.reactors.indices.reduce(0.0) { $0 + reactor($1, in: y).tss * description.reactors[$1].volume }
        let layerVolume = description.settler.area * description.settler.layerHeight
        return reactors + settlerTSS(y).reduce(0, +) * layerVolume
    }
}
