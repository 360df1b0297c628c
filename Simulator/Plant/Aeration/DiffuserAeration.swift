import Foundation

/// Oxygen transfer of a diffused-air grid: airflow -> KLa and the saturation the bubbles
/// drive toward.
///
/// Clean-water standard: SOTR = SSOTE x h x Qair x 0.2995 kg O2/Nm3 at the reference airflow
/// (ASCE/EWRI 2-06; EN 12255-15), i.e. KLa20 = SOTR / (C*inf,20 V). Away from it KLa grows with
/// the superficial gas velocity as KLa ~ u_G^n with n < 1, because bubbles coalesce and
/// transfer efficiency falls with airflow (F. Pöpel, M. Wagner, "Modelling of oxygen transfer
/// in deep diffused-aeration tanks and comparison with full-scale plant data", Wat. Sci. Tech.
/// 30(4) (1994) 71-80). Process water: KLa = alpha F theta^(T-20) KLa20 (Mueller, Boyle,
/// Pöpel, "Aeration: Principles and Practice", CRC 2002, ch. 3 and 4).
public struct DiffuserAeration: Codable, Equatable, Sendable {
    /// Airflow at which `standardTransferPerMetre` was measured, Nm3/h.
    public var referenceAirflow: Double
    /// Specific standard oxygen transfer efficiency, fraction per metre of submergence (0.06 = 6 %/m).
    public var standardTransferPerMetre: Double
    /// Exponent n in KLa ~ u_G^n (1: efficiency independent of airflow).
    public var exponent: Double
    /// Process-water to clean-water KLa ratio (surfactants), dimensionless.
    public var alpha: Double
    /// Diffuser fouling factor (1: new), dimensionless.
    public var fouling: Double
    /// Arrhenius temperature factor of KLa (ASCE 2-06: 1.024).
    public var theta: Double
    /// Depth of the diffusers below the water surface, m.
    public var submergence: Double
    /// Effective saturation depth as a fraction of the submergence (ASCE 2-06: 0.25-0.45 for
    /// fine bubbles): the saturation the bubbles drive toward is at this depth's pressure.
    public var saturationDepthFraction: Double

    /// Oxygen in air, kg O2/Nm3 (20.95 % by volume, 1.429 kg/Nm3).
    public static let oxygenPerNormalCubicMetre = 0.2095 * 1.429
    /// KLa(CO2)/KLa(O2) from penetration theory, sqrt(D_CO2/D_O2) = sqrt(1.92/2.42) at 25 °C
    /// (Higbie 1935; diffusivities from Cussler, "Diffusion", table 5.2-2).
    public static let carbonDioxideTransferRatio = (1.92 / 2.42).squareRoot()

    public init(referenceAirflow: Double = 40, standardTransferPerMetre: Double = 0.06,
                exponent: Double = 0.85, alpha: Double = 0.6, fouling: Double = 0.9, theta: Double = 1.024,
                submergence: Double = 2.8, saturationDepthFraction: Double = 0.4) {
        self.referenceAirflow = referenceAirflow
        self.standardTransferPerMetre = standardTransferPerMetre
        self.exponent = exponent
        self.alpha = alpha
        self.fouling = fouling
        self.theta = theta
        self.submergence = submergence
        self.saturationDepthFraction = saturationDepthFraction
    }

    enum CodingKeys: String, CodingKey {
        case referenceAirflow = "reference_airflow_nm3_per_h", standardTransferPerMetre = "ssote_per_m"
        case exponent, alpha, fouling, theta, submergence = "submergence_m"
        case saturationDepthFraction = "saturation_depth_fraction"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DiffuserAeration()
        referenceAirflow = try c.decodeIfPresent(Double.self, forKey: .referenceAirflow) ?? d.referenceAirflow
        standardTransferPerMetre = try c.decodeIfPresent(Double.self, forKey: .standardTransferPerMetre)
            ?? d.standardTransferPerMetre
        exponent = try c.decodeIfPresent(Double.self, forKey: .exponent) ?? d.exponent
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
        fouling = try c.decodeIfPresent(Double.self, forKey: .fouling) ?? d.fouling
        theta = try c.decodeIfPresent(Double.self, forKey: .theta) ?? d.theta
        submergence = try c.decodeIfPresent(Double.self, forKey: .submergence) ?? d.submergence
        saturationDepthFraction = try c.decodeIfPresent(Double.self, forKey: .saturationDepthFraction)
            ?? d.saturationDepthFraction
    }

    /// Saturation the bubbles drive toward, C*inf, g/m3: Benson–Krause at the surface pressure plus
    /// the hydrostatic pressure of the effective saturation depth.
    public func saturation(celsius: Double, surfacePressure: Double = OxygenSaturation.standardPressure) -> Double {
        let depth = saturationDepthFraction * submergence
        return OxygenSaturation.concentration(
            celsius: celsius, pressure: surfacePressure + OxygenSaturation.hydrostaticPressure(depth: depth))
    }

    /// Clean-water KLa at 20 °C, 1/d, for `airflow` Nm3/h into `volume` m3 of water.
    public func standardKLa(airflow: Double, volume: Double) -> Double {
        guard airflow > 0, volume > 0, referenceAirflow > 0 else { return 0 }
        let sotr = standardTransferPerMetre * submergence * referenceAirflow * Self.oxygenPerNormalCubicMetre * 24
        let reference = sotr * 1000 / (saturation(celsius: 20) * volume)
        return reference * pow(airflow / referenceAirflow, exponent)
    }

    /// Process-water KLa for oxygen, 1/d, at `celsius`.
    public func kLa(airflow: Double, volume: Double, celsius: Double) -> Double {
        alpha * fouling * pow(theta, celsius - 20) * standardKLa(airflow: airflow, volume: volume)
    }

    /// Net oxygen transfer into the water, g/(m3 d): KLa (C* - C).
    public static func transfer(kLa: Double, saturation: Double, concentration: Double) -> Double {
        kLa * (saturation - concentration)
    }

    /// The DO at which transfer balances a constant oxygen uptake rate `uptake` g/(m3 d):
    /// C* - OUR / KLa, never below zero (uptake beyond the transfer capacity empties the tank).
    public static func steadyConcentration(kLa: Double, saturation: Double, uptake: Double) -> Double {
        guard kLa > 0 else { return 0 }
        return max(saturation - uptake / kLa, 0)
    }
}
