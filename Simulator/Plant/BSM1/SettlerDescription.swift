/// A one-dimensional layered secondary clarifier with the Takács double-exponential
/// settling velocity (I. Takács, G. G. Patry, D. Nolasco, "A dynamic model of the
/// clarification-thickening process", Water Research 25 (1991) 1263-1271).
///
/// Defaults are BSM1's (Alex et al. 2008, table 4).
public struct SettlerDescription: Equatable, Sendable {
    /// Surface area, m2.
    public var area = 1500.0
    /// Depth, m.
    public var height = 4.0
    /// Number of equal layers.
    public var layers = 10
    /// Layer receiving the feed, counted from the bottom starting at 1 (BSM1: the sixth,
    /// which the reference code calls `feedlayer = 5` counted from the top).
    public var feedLayerFromBottom = 6
    /// Maximum practical settling velocity, m/d.
    public var maximumSettlingVelocity = 250.0
    /// Maximum Vesilind settling velocity, m/d.
    public var vesilindVelocity = 474.0
    /// Hindered-zone settling parameter, m3/g SS.
    public var hinderedSettling = 0.000576
    /// Flocculant-zone settling parameter, m3/g SS.
    public var flocculantSettling = 0.00286
    /// Non-settleable fraction of the feed solids, dimensionless.
    public var nonSettleableFraction = 0.00228
    /// Threshold concentration above which the clarification zone is flux-limited, g SS/m3.
    public var thresholdConcentration = 3000.0

    /// Width, g SS/(m2 d), over which the flux limiter min(a, b) below the feed is rounded;
    /// 0 is the reference code's sharp min().
    ///
    /// At BSM1's steady state the layers below the feed hold equal concentrations, exactly on
    /// the kink of min(): a Jacobian from either side misjudges a stiff eigenvalue and an implicit
    /// integrator hunts with thousands of rejected steps. Rounded, the flux equals min() when
    /// a == b and differs by less than half the width elsewhere (fluxes are 1e4-1e5 g SS/(m2 d)).
    public var fluxLimiterSmoothing = 10.0

    /// BSM1's settler.
    public init() {}

    /// Index of the feed layer counted from the top, starting at 0.
    public var feedLayerIndex: Int { layers - feedLayerFromBottom }
    /// Thickness of one layer, m.
    public var layerHeight: Double { height / Double(layers) }
}
