import Foundation

/// Equilibrium constants of the carbonate, water and ammonium systems at a temperature,
/// for dilute water (activities = concentrations: ionic strength is neglected, which shifts
/// pK1 by about 0.05 at municipal-wastewater strength).
///
/// pK1: Harned & Davis (1943); pK2: Harned & Scholes (1941); pKw: Harned & Owen, in the form of
/// APHA Standard Methods 2330 and Stumm & Morgan, "Aquatic Chemistry", 3rd ed. (1996), table 3.2;
/// pKa of NH4+: Emerson et al. (1975); Henry's constant of CO2: Plummer & Busenberg (1982).
public struct CarbonateConstants: Equatable, Sendable {
    /// Temperature, °C.
    public let celsius: Double
    /// First acidity constant of CO2(aq) + H2O, mol/L.
    public let k1: Double
    /// Second acidity constant (HCO3- -> CO3--), mol/L.
    public let k2: Double
    /// Ion product of water, (mol/L)^2.
    public let kw: Double
    /// Acidity constant of NH4+, mol/L.
    public let kAmmonium: Double
    /// Henry's constant of CO2, mol/(L atm).
    public let henryCO2: Double

    public init(celsius: Double) {
        self.celsius = celsius
        let t = celsius + 273.15
        k1 = pow(10, -(3404.71 / t - 14.8435 + 0.032786 * t))
        k2 = pow(10, -(2902.39 / t - 6.4980 + 0.02379 * t))
        kw = pow(10, -(4470.99 / t - 6.0875 + 0.01706 * t))
        kAmmonium = pow(10, -(0.09018 + 2729.92 / t))
        henryCO2 = pow(10, 108.3865 + 0.01985076 * t - 6919.53 / t - 40.45154 * log10(t) + 669_365 / (t * t))
    }

    /// pK1 = -log10 K1.
    public var pK1: Double { -log10(k1) }
    /// pK2 = -log10 K2.
    public var pK2: Double { -log10(k2) }
}
