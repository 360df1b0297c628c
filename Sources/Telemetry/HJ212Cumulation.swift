/// How ``HJ212Reporter`` computes `Cou` in minute, hour and day statistics: the flow factor's
/// volume (m3) integrated from its rate samples, and each mass pollutant's discharged mass
/// (concentration x volume / 1000: kg from mg/L) over the same intervals.
///
/// Integration holds each sample's rate until the next sample (left rectangle), for at most
/// `holdMilliseconds`: a longer gap (samples missing, Floc stopped) counts only its first
/// `holdMilliseconds`. An interval that straddles a period boundary is split between the periods.
public struct HJ212Cumulation: Sendable, Equatable {
    /// The flow factor's code (w00000) and the unit its samples are in.
    public var flowCode: String
    public var flowUnit: HJ212FlowUnit
    /// Pollutant codes whose statistics carry a mass `Cou` (see ``HJ212FactorCatalog``).
    public var massCodes: Set<String>
    /// Longest time a sample's rate is held when the next sample is late, ms.
    public var holdMilliseconds: Int64
    /// Decimal places of a mass `Cou` (kg to the milligram: small pollutant loads of a minute
    /// period would print as 0 at two places). The volume uses the reporter's `decimals`.
    public var massDecimals: Int

    public init(flowCode: String = HJ212FactorCatalog.flowCode, flowUnit: HJ212FlowUnit, massCodes: Set<String>,
                holdMilliseconds: Int64 = 10_000, massDecimals: Int = 6) {
        self.flowCode = flowCode
        self.flowUnit = flowUnit
        self.massCodes = massCodes
        self.holdMilliseconds = holdMilliseconds
        self.massDecimals = massDecimals
    }
}
