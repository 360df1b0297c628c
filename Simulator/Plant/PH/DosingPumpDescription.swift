/// A chemical dosing pump (diaphragm or peristaltic) and the reagent it delivers.
///
/// Loaded from a plant file (`[dosing.acid]`, `[dosing.caustic]`). The reagent is a strong
/// acid or base given by its normality (eq/L: 1 N = 0.5 mol/L H2SO4 = 1 mol/L NaOH); its volume
/// is too small to change the tank's hydraulics and is neglected there.
public struct DosingPumpDescription: Codable, Equatable, Sendable {
    /// Flow at 100 % stroke/speed, L/h.
    public var maximumFlow: Double
    /// Reagent strength, eq/L of H+ (acid) or OH- (caustic).
    public var normality: Double

    public init(maximumFlow: Double = 2, normality: Double = 1) {
        self.maximumFlow = maximumFlow
        self.normality = normality
    }

    enum CodingKeys: String, CodingKey {
        case maximumFlow = "max_flow_l_per_h", normality = "normality_eq_per_l"
    }

    /// Flow at `percent` of full output, L/h.
    public func flow(percent: Double) -> Double {
        maximumFlow * min(max(percent, 0), 100) / 100
    }

    /// Equivalents of acid or base delivered per day at `percent`, eq/d (= mol/d of alkalinity).
    public func equivalentsPerDay(percent: Double) -> Double {
        flow(percent: percent) * normality * 24
    }
}
