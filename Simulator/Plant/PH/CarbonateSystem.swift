import Foundation

/// pH from a charge (proton) balance of a water with carbonate and ammonia buffers.
///
/// Total alkalinity (mol/m3 = meq/L, the unit of ASM1's SALK) is conservative under
/// CO2 exchange and changes only with strong acid/base (dosing) and biology (nitrification):
///   Alk = [HCO3-] + 2 [CO3--] + [NH3] + [OH-] - [H+],
/// with [HCO3-], [CO3--] fractions of total inorganic carbon C_T and [NH3] a fraction of total
/// ammonia. Alk(H) falls monotonically with [H+], so the root is unique; it is found by Newton
/// on pH guarded by bisection on [0, 14] (Stumm & Morgan, "Aquatic Chemistry", ch. 4).
public struct CarbonateSystem: Sendable {
    public let constants: CarbonateConstants

    public init(celsius: Double) {
        constants = CarbonateConstants(celsius: celsius)
    }

    public init(_ constants: CarbonateConstants) {
        self.constants = constants
    }

    /// The pH at which a water has total alkalinity `alkalinity` (mol/m3, may be negative after
    /// strong acid), total inorganic carbon `inorganicCarbon` (mol/m3) and total ammonia
    /// `ammonia` (mol N/m3). Always in [0, 14].
    public func pH(alkalinity: Double, inorganicCarbon: Double, ammonia: Double = 0) -> Double {
        let alk = alkalinity / 1000, ct = max(inorganicCarbon, 0) / 1000, nt = max(ammonia, 0) / 1000
        var low = 0.0, high = 14.0
        var x = 7.0
        for _ in 0..<100 {
            let (residual, slope) = balance(pH: x, alkalinity: alk, inorganicCarbon: ct, ammonia: nt)
            if residual > 0 { high = x } else { low = x }
            if abs(residual) < 1e-15 || high - low < 1e-12 { break }
            var next = slope > 0 ? x - residual / slope : .nan
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - x) < 1e-11 { x = next; break }
            x = next
        }
        return x
    }

    /// Total inorganic carbon (mol/m3) of a water at `pH` with `alkalinity` (mol/m3): the inverse of
    /// `pH(alkalinity:inorganicCarbon:ammonia:)`, used to set an influent's carbon from its pH.
    public func inorganicCarbon(alkalinity: Double, pH: Double, ammonia: Double = 0) -> Double {
        let h = pow(10, -pH), c = constants
        let carbonate = (c.k1 * h + 2 * c.k1 * c.k2) / (h * h + c.k1 * h + c.k1 * c.k2)
        let rest = max(ammonia, 0) / 1000 * c.kAmmonium / (c.kAmmonium + h) + c.kw / h - h
        return max((alkalinity / 1000 - rest) / carbonate, 0) * 1000
    }

    /// Dissolved CO2 (H2CO3*), mol/m3, of `inorganicCarbon` mol/m3 at `pH`.
    public func dissolvedCO2(inorganicCarbon: Double, pH: Double) -> Double {
        let h = pow(10, -pH), c = constants
        return inorganicCarbon * h * h / (h * h + c.k1 * h + c.k1 * c.k2)
    }

    /// CO2 in equilibrium with a gas of `partialPressure` atm, mol/m3.
    public func saturationCO2(partialPressure: Double) -> Double {
        constants.henryCO2 * partialPressure * 1000
    }

    /// Residual of the proton balance (mol/L: alkalinity computed at `pH` minus the given one) and
    /// its derivative with respect to pH; the residual rises with pH.
    private func balance(pH: Double, alkalinity: Double, inorganicCarbon ct: Double,
                         ammonia nt: Double) -> (Double, Double) {
        let c = constants
        let h = pow(10, -pH)
        let d = h * h + c.k1 * h + c.k1 * c.k2
        let numerator = c.k1 * h + 2 * c.k1 * c.k2
        let carbon = ct * numerator / d
        let ammonia = nt * c.kAmmonium / (c.kAmmonium + h)
        let residual = carbon + ammonia + c.kw / h - h - alkalinity
        let dCarbon = ct * (c.k1 * d - numerator * (2 * h + c.k1)) / (d * d)
        let dAmmonia = -nt * c.kAmmonium / ((c.kAmmonium + h) * (c.kAmmonium + h))
        let dResidualdH = dCarbon + dAmmonia - c.kw / (h * h) - 1
        return (residual, dResidualdH * -log(10) * h)
    }
}
