import Foundation

/// The liquid side of a container unit as an ODE system in days: ASM1 (Henze et al. 1987) in
/// an anoxic tank and an aerated basin of varying volume, total inorganic carbon in both,
/// an ideal solids separator, internal and sludge recycles, aeration, CO2 stripping and
/// alkalinity dosing.
///
/// State layout: anoxic ASM1 (13), anoxic C_T, basin ASM1 (13), basin C_T, basin volume (m3).
/// C_T in mol/m3. The basin drains over a sharp-crested rectangular weir, Q = 1.84 L H^1.5
/// (m3/s, Francis formula), so its level follows the influent. Biological CO2: 1 mol per
/// 32 g COD oxidised by heterotrophs (respiratory quotient 1), 1 mol fixed per 32 g COD of
/// nitrifier growth (C5H7NO2: 5 C per 160 g COD). Inputs are held over an integration.
public struct ContainerReactorNetwork: ODESystem, Sendable {
    /// What is held constant over one integration (flows m3/d).
    public struct Inputs: Sendable {
        public var influent: [Double] = [Double](repeating: 0, count: ASM1Component.count)
        public var influentFlow = 0.0
        /// Inorganic carbon of the influent, mol/m3.
        public var influentCarbon = 0.0
        public var internalRecycle = 0.0
        public var returnSludge = 0.0
        public var wasteSludge = 0.0
        /// Oxygen KLa in the basin, 1/d.
        public var kLa = 0.0
        /// C*inf in the basin, g/m3.
        public var oxygenSaturation = 10.0
        /// CO2 in equilibrium with the air, mol/m3.
        public var carbonDioxideSaturation = 0.014
        /// Net strong base dosed into the basin (caustic minus acid), eq/d.
        public var alkalinityDosing = 0.0
        /// Water chemistry at the basin temperature.
        public var carbonate = CarbonateSystem(celsius: 15)
        public init() {}
    }

    public static let anoxicCarbon = ASM1Component.count
    public static let basinOffset = ASM1Component.count + 1
    public static let basinCarbon = 2 * ASM1Component.count + 1
    public static let basinVolume = 2 * ASM1Component.count + 2

    public var description: ContainerPlantDescription
    public var kinetics: ASM1Kinetics
    public var inputs = Inputs()

    public init(_ description: ContainerPlantDescription, kinetics: ASM1Kinetics = ASM1Kinetics()) {
        self.description = description
        self.kinetics = kinetics
    }

    public var dimension: Int { Self.basinVolume + 1 }

    /// Basin water level, m above the floor.
    public func level(_ y: [Double]) -> Double { max(y[Self.basinVolume], 0) / description.aerobic.area }

    /// Flow over the basin weir, m3/d.
    public func weirFlow(_ y: [Double]) -> Double {
        let head = max(level(y) - description.aerobic.crestLevel, 0)
        return 1.84 * description.aerobic.weirLength * pow(head, 1.5) * 86_400
    }

    /// The basin level at which the weir passes `flow` m3/d.
    public func level(passing flow: Double) -> Double {
        description.aerobic.crestLevel + pow(max(flow, 0) / 86_400 / (1.84 * description.aerobic.weirLength), 2.0 / 3)
    }

    /// Basin pH from its alkalinity, inorganic carbon and ammonia.
    public func basinPH(_ y: [Double]) -> Double {
        let o = Self.basinOffset
        return inputs.carbonate.pH(alkalinity: y[o + ASM1Component.SALK.rawValue],
                                   inorganicCarbon: y[Self.basinCarbon],
                                   ammonia: y[o + ASM1Component.SNH.rawValue] / 14)
    }

    /// Separator flows at state `y`, m3/d: what the weir brings is wasted first, then returned,
    /// and the rest is effluent; with a weir flow below the pumps' the pumps run dry.
    public func separatorFlows(_ y: [Double]) -> (feed: Double, returned: Double, wasted: Double, effluent: Double) {
        let feed = weirFlow(y)
        let wasted = min(inputs.wasteSludge, feed)
        let returned = min(inputs.returnSludge, feed - wasted)
        return (feed, returned, wasted, feed - wasted - returned)
    }

    public func derivatives(of y: [Double], into dydt: inout [Double]) {
        let n = ASM1Component.count, b = Self.basinOffset
        let u = inputs
        let anoxicVolume = description.anoxic.volume
        let basinVolume = max(y[Self.basinVolume], 1e-3)
        let (feed, returned, wasted, _) = separatorFlows(y)
        let underflow = returned + wasted
        let capture = underflow > 0 ? description.separator.solidsCapture : 0
        let thickening = underflow > 0 ? capture * feed / underflow : 0
        let anoxicFlow = u.influentFlow + u.internalRecycle + returned
        for j in 0..<n {
            let basin = y[b + j]
            let returnedConcentration = ASM1Component(rawValue: j)!.isParticulate ? thickening * basin : basin
            let entering = u.influentFlow * u.influent[j] + u.internalRecycle * basin + returned * returnedConcentration
            dydt[j] = (entering - anoxicFlow * y[j]) / anoxicVolume
            dydt[b + j] = anoxicFlow / basinVolume * (y[j] - basin)
        }
        let carbonIn = u.influentFlow * u.influentCarbon + (u.internalRecycle + returned) * y[Self.basinCarbon]
        dydt[Self.anoxicCarbon] = (carbonIn - anoxicFlow * y[Self.anoxicCarbon]) / anoxicVolume
        dydt[Self.basinCarbon] = anoxicFlow / basinVolume * (y[Self.anoxicCarbon] - y[Self.basinCarbon])
        kinetics.addConversionRates(y, at: 0, to: &dydt, at: 0)
        kinetics.addConversionRates(y, at: b, to: &dydt, at: b)
        dydt[Self.anoxicCarbon] += biologicalCO2(y, at: 0)
        dydt[Self.basinCarbon] += biologicalCO2(y, at: b)

        let oxygen = b + ASM1Component.SO.rawValue
        dydt[oxygen] += DiffuserAeration.transfer(kLa: u.kLa, saturation: u.oxygenSaturation, concentration: y[oxygen])
        if u.kLa > 0 {
            let pH = basinPH(y)
            let co2 = u.carbonate.dissolvedCO2(inorganicCarbon: max(y[Self.basinCarbon], 0), pH: pH)
            dydt[Self.basinCarbon] -= DiffuserAeration.carbonDioxideTransferRatio * u.kLa
                * (co2 - u.carbonDioxideSaturation)
        }
        dydt[b + ASM1Component.SALK.rawValue] += u.alkalinityDosing / basinVolume
        dydt[Self.basinVolume] = anoxicFlow - u.internalRecycle - feed
    }

    /// Net CO2 release by the biology of the tank at `offset`, mol/(m3 d).
    private func biologicalCO2(_ y: [Double], at offset: Int) -> Double {
        let p = kinetics.parameters
        let r = kinetics.processRates(y, at: offset)
        return ((1 - p.YH) / p.YH * (r[0] + r[1]) - r[2]) / 32
    }
}
