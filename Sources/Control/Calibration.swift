import Foundation

/// Calibration physics shared by the instrument calibrations: the Nernst slope of a pH
/// electrode and the oxygen solubility of water. Pure functions, SI-ish units as named.
public enum Calibration {
    /// Molar gas constant, J/(mol·K) (CODATA 2018, exact).
    public static let gasConstant = 8.314462618
    /// Faraday constant, C/mol (CODATA 2018, exact).
    public static let faradayConstant = 96485.33212
    /// 0 °C in kelvin.
    public static let zeroCelsius = 273.15
    /// Standard atmosphere, kPa.
    public static let standardPressure = 101.325

    /// Theoretical pH electrode slope ln(10)·R·T/F in mV per pH unit at `celsius`
    /// (59.16 mV/pH at 25 °C); proportional to absolute temperature.
    public static func nernstSlope(celsius: Double) -> Double {
        log(10) * gasConstant * (celsius + zeroCelsius) / faradayConstant * 1000
    }

    /// Equilibrium oxygen concentration of water in contact with water-saturated air, mg/L,
    /// at `celsius`, barometric `pressure` (kPa) and `salinity` (g/kg, 0 for fresh water).
    ///
    /// Benson & Krause (1984), Limnol. Oceanogr. 29(3):620–632, in the form of APHA
    /// Standard Methods 4500-O (Table 4500-O:I and its pressure correction): 9.092 mg/L at
    /// 20 °C and 101.325 kPa. Fitted for 0–40 °C and 0–40 g/kg; outside that it extrapolates.
    public static func oxygenSaturation(celsius: Double, pressure: Double = standardPressure,
                                        salinity: Double = 0) -> Double {
        let t = celsius + zeroCelsius
        var lnC = -139.34411 + 1.575701e5 / t - 6.642308e7 / (t * t) + 1.243800e10 / (t * t * t)
            - 8.621949e11 / (t * t * t * t)
        lnC -= salinity * (1.7674e-2 - 1.0754e1 / t + 2.1407e3 / (t * t))
        // Pressure correction: the water vapour share of the gas phase does not scale with
        // pressure (Pwv, atm) and theta corrects for the non-ideal second virial coefficient.
        let atm = pressure / standardPressure
        let vapour = exp(11.8571 - 3840.70 / t - 216961 / (t * t))
        let theta = 0.000975 - 1.426e-5 * celsius + 6.436e-8 * celsius * celsius
        return exp(lnC) * atm * ((1 - vapour / atm) * (1 - theta * atm)) / ((1 - vapour) * (1 - theta))
    }
}
