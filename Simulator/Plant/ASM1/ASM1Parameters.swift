/// ASM1 kinetic and stoichiometric parameters.
///
/// Defaults are the BSM1 set at 15 °C: M. Henze, C. P. L. Grady, W. Gujer, G. v. R. Marais,
/// T. Matsuo, "Activated Sludge Model No. 1", IAWPRC Scientific and Technical Report No. 1,
/// 1987, with the values of J. Alex et al., "Benchmark Simulation Model no. 1 (BSM1)",
/// Lund University, 2008, table 2. BSM1 has no temperature dependence.
public struct ASM1Parameters: Equatable, Sendable {
    /// Heterotrophic maximum specific growth rate, 1/d.
    public var muH = 4.0
    /// Half-saturation coefficient for heterotrophs on SS, g COD/m3.
    public var KS = 10.0
    /// Oxygen half-saturation coefficient for heterotrophs, g (-COD)/m3.
    public var KOH = 0.2
    /// Nitrate half-saturation coefficient for denitrifying heterotrophs, g N/m3.
    public var KNO = 0.5
    /// Heterotrophic decay rate, 1/d.
    public var bH = 0.3
    /// Autotrophic maximum specific growth rate, 1/d.
    public var muA = 0.5
    /// Ammonia half-saturation coefficient for autotrophs, g N/m3.
    public var KNH = 1.0
    /// Oxygen half-saturation coefficient for autotrophs, g (-COD)/m3.
    public var KOA = 0.4
    /// Autotrophic decay rate, 1/d.
    public var bA = 0.05
    /// Correction factor for anoxic growth of heterotrophs, dimensionless.
    public var etaG = 0.8
    /// Ammonification rate, m3/(g COD d).
    public var ka = 0.05
    /// Maximum specific hydrolysis rate, g XS/(g XBH COD d).
    public var kh = 3.0
    /// Half-saturation coefficient for hydrolysis of XS, g XS/g XBH COD.
    public var KX = 0.1
    /// Correction factor for anoxic hydrolysis, dimensionless.
    public var etaH = 0.8
    /// Heterotrophic yield, g XBH COD/g COD oxidised.
    public var YH = 0.67
    /// Autotrophic yield, g XBA COD/g N oxidised.
    public var YA = 0.24
    /// Fraction of biomass yielding particulate products, dimensionless.
    public var fP = 0.08
    /// Nitrogen content of biomass, g N/g COD.
    public var iXB = 0.08
    /// Nitrogen content of products from biomass, g N/g COD.
    public var iXP = 0.06
    /// Suspended solids per particulate COD (XI, XS, XBH, XBA, XP alike in BSM1), g SS/g COD.
    public var codToTSS = 0.75
    /// Oxygen demand of nitrification, g O2/g N. The benchmark's code uses exactly 4.57, not 32/7.
    public var oxygenPerNitrogenNitrified = 4.57
    /// Oxygen equivalent of nitrate reduced to N2, g COD/g N. Exactly 2.86 in the benchmark, not 20/7.
    public var denitrificationOxygenEquivalent = 2.86

    /// The BSM1 parameter set.
    public init() {}

    /// The BSM1 parameter set (Alex et al. 2008).
    public static let bsm1 = ASM1Parameters()
}
