/// One completely mixed reactor of an activated-sludge train.
public struct ReactorDescription: Equatable, Sendable {
    /// Liquid volume, m3.
    public var volume: Double
    /// Oxygen transfer coefficient, 1/d (0 for an unaerated, anoxic reactor).
    public var kLa: Double

    public init(volume: Double, kLa: Double) {
        self.volume = volume
        self.kLa = kLa
    }
}

/// An activated-sludge plant in the BSM1 layout: reactors in series, an internal recycle
/// from the last reactor to the first, a layered settler whose underflow is partly returned
/// to the first reactor and partly wasted.
///
/// The same shape describes a small containerised unit with other volumes and flows.
public struct PlantDescription: Equatable, Sendable {
    /// The reactors, in flow order (at least one).
    public var reactors: [ReactorDescription]
    /// Dissolved-oxygen saturation concentration, g O2/m3.
    public var oxygenSaturation: Double
    /// Internal (nitrate) recycle from the last reactor to the first, Qa, m3/d.
    public var internalRecycle: Double
    /// Return sludge from the settler underflow to the first reactor, Qr, m3/d.
    public var returnSludge: Double
    /// Waste sludge drawn from the settler underflow, Qw, m3/d.
    public var wasteSludge: Double
    /// The secondary clarifier.
    public var settler: SettlerDescription
    /// Biological model parameters.
    public var asm1: ASM1Parameters

    public init(reactors: [ReactorDescription], oxygenSaturation: Double, internalRecycle: Double,
                returnSludge: Double, wasteSludge: Double,
                settler: SettlerDescription = SettlerDescription(), asm1: ASM1Parameters = .bsm1) {
        precondition(!reactors.isEmpty, "a plant needs at least one reactor")
        self.reactors = reactors
        self.oxygenSaturation = oxygenSaturation
        self.internalRecycle = internalRecycle
        self.returnSludge = returnSludge
        self.wasteSludge = wasteSludge
        self.settler = settler
        self.asm1 = asm1
    }

    /// BSM1 in open loop (Alex et al. 2008): two anoxic 1000 m3 and three aerobic 1333 m3
    /// reactors, KLa 0, 0, 240, 240, 84 1/d, SO,sat 8 g/m3, Qa 55 338, Qr 18 446, Qw 385 m3/d.
    public static let bsm1OpenLoop = PlantDescription(
        reactors: [
            ReactorDescription(volume: 1000, kLa: 0), ReactorDescription(volume: 1000, kLa: 0),
            ReactorDescription(volume: 1333, kLa: 240), ReactorDescription(volume: 1333, kLa: 240),
            ReactorDescription(volume: 1333, kLa: 84),
        ],
        oxygenSaturation: 8, internalRecycle: 55_338, returnSludge: 18_446, wasteSludge: 385)
}
