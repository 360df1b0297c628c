import Foundation

/// Dissolved-oxygen saturation of water in equilibrium with air, and the site pressure.
///
/// The same relation as the controller's calibration maths (Floc `Control.Calibration`),
/// repeated here because the plant model imports nothing of Floc's: Benson & Krause (1984),
/// Limnol. Oceanogr. 29(3):620–632, in the form of APHA Standard Methods 4500-O
/// (Table 4500-O:I and its pressure correction).
public enum OxygenSaturation {
    /// Standard atmosphere, kPa.
    public static let standardPressure = 101.325
    private static let zeroCelsius = 273.15

    /// Saturation concentration, mg/L (= g/m3), at `celsius`, total pressure `pressure` (kPa) and
    /// `salinity` (g/kg). 9.092 mg/L at 20 °C and 101.325 kPa; fitted for 0–40 °C.
    public static func concentration(celsius: Double, pressure: Double = standardPressure,
                                     salinity: Double = 0) -> Double {
        let t = celsius + zeroCelsius
        var lnC = -139.34411 + 1.575701e5 / t - 6.642308e7 / (t * t) + 1.243800e10 / (t * t * t)
            - 8.621949e11 / (t * t * t * t)
        lnC -= salinity * (1.7674e-2 - 1.0754e1 / t + 2.1407e3 / (t * t))
        // Water vapour does not scale with pressure; theta is the non-ideal second virial term.
        let atm = pressure / standardPressure
        let vapour = exp(11.8571 - 3840.70 / t - 216961 / (t * t))
        let theta = 0.000975 - 1.426e-5 * celsius + 6.436e-8 * celsius * celsius
        return exp(lnC) * atm * ((1 - vapour / atm) * (1 - theta * atm)) / ((1 - vapour) * (1 - theta))
    }

    /// Barometric pressure at `altitude` m above sea level, kPa (ISO 2533 standard atmosphere).
    public static func atmosphericPressure(altitude: Double) -> Double {
        standardPressure * pow(1 - 2.25577e-5 * altitude, 5.25588)
    }

    /// Hydrostatic pressure of `depth` m of water, kPa (rho g h, 9.81 kPa/m).
    public static func hydrostaticPressure(depth: Double) -> Double {
        9.80665 * max(depth, 0)
    }
}
