/// A flow of water with its ASM1 composition: an influent, an effluent, a recycle.
public struct PlantStream: Equatable, Sendable {
    /// The 13 ASM1 concentrations in `ASM1Component` order (g/m3; SALK mol/m3).
    public var concentrations: [Double]
    /// Total suspended solids, g SS/m3.
    public var tss: Double
    /// Flow rate, m3/d.
    public var flow: Double

    /// A stream from its 13 concentrations, TSS (g SS/m3) and flow (m3/d).
    public init(concentrations: [Double], tss: Double, flow: Double) {
        precondition(concentrations.count == ASM1Component.count, "an ASM1 stream has 13 concentrations")
        self.concentrations = concentrations
        self.tss = tss
        self.flow = flow
    }

    /// The concentration of one component.
    public subscript(component: ASM1Component) -> Double {
        get { concentrations[component.rawValue] }
        set { concentrations[component.rawValue] = newValue }
    }

    /// BSM1's constant influent (Alex et al. 2008; `bsm1_constinfluent`): flow 18 446 m3/d.
    public static let bsm1ConstantInfluent = PlantStream(
        concentrations: [30, 69.5, 51.2, 202.32, 28.17, 0, 0, 0, 0, 31.56, 6.95, 10.59, 7],
        tss: 211.2675, flow: 18_446)
}
