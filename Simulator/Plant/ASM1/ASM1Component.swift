/// The 13 state variables of ASM1 (Henze et al. 1987), in the benchmark's order.
///
/// Units: COD components g COD/m3 (SO as g (-COD)/m3 = g O2/m3), nitrogen g N/m3,
/// alkalinity mol HCO3-/m3.
public enum ASM1Component: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Soluble inert organic matter.
    case SI
    /// Readily biodegradable substrate.
    case SS
    /// Particulate inert organic matter.
    case XI
    /// Slowly biodegradable substrate.
    case XS
    /// Active heterotrophic biomass.
    case XBH
    /// Active autotrophic (nitrifying) biomass.
    case XBA
    /// Particulate products arising from biomass decay.
    case XP
    /// Dissolved oxygen.
    case SO
    /// Nitrate and nitrite nitrogen.
    case SNO
    /// Ammonium plus ammonia nitrogen.
    case SNH
    /// Soluble biodegradable organic nitrogen.
    case SND
    /// Particulate biodegradable organic nitrogen.
    case XND
    /// Alkalinity.
    case SALK

    /// Number of ASM1 states.
    public static let count = 13

    /// The particulate components, which settle; the rest are soluble and follow the water.
    public static let particulates: [ASM1Component] = [.XI, .XS, .XBH, .XBA, .XP, .XND]
    /// The soluble components, in the order the benchmark's ten-layer settler carries them.
    public static let solubles: [ASM1Component] = [.SI, .SS, .SO, .SNO, .SNH, .SND, .SALK]

    private static let names = ["SI", "SS", "XI", "XS", "XBH", "XBA", "XP", "SO", "SNO", "SNH", "SND", "XND", "SALK"]

    /// The benchmark's name of the state, e.g. "SNH".
    public var description: String { Self.names[rawValue] }

    /// The component with the benchmark's name `name` ("SNH"), or nil.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    /// Whether the component is particulate (settles) rather than soluble.
    public var isParticulate: Bool { Self.particulates.contains(self) }
}
