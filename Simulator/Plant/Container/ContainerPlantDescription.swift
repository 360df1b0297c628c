/// A containerised activated-sludge unit: an anoxic tank, an aerated basin with an overflow
/// weir, an ideal solids separator (clarifier or membrane), one blower with a diffuser grid,
/// acid and caustic dosing, and the instruments on it.
///
/// Decodable from a plant file (`Simulator/plants/container.toml`) through any TOML
/// decoder, keys as in the file: lengths m, volumes m3, flows m3/h (waste sludge m3/d),
/// concentrations g/m3 with ASM1's names (SALK mol/m3). Every section is required except
/// `initial` and `sensors` (missing sensors are ideal).
public struct ContainerPlantDescription: Codable, Equatable, Sendable {
    public var name: String
    public var site: Site
    public var temperature: Temperature
    public var influent: Influent
    public var anoxic: AnoxicTank
    public var aerobic: AerobicBasin
    public var separator: Separator
    public var blower: BlowerDescription
    public var diffusers: DiffuserAeration
    public var dosing: Dosing
    /// Mixed liquor both tanks start from, by ASM1 name; missing names take `defaultLiquor`.
    public var initial: [String: Double]?
    /// Instrument models by signal name (`basin.do`); missing signals are read ideally.
    public var sensors: [String: SensorDescription]?

    /// A mixed liquor of about 3.5 g/L MLSS with established nitrifiers, g/m3 (SALK mol/m3).
    public static let defaultLiquor: [Double] = [30, 2, 1200, 60, 2000, 120, 600, 2, 8, 1, 1, 3, 4]

    /// The 13 starting concentrations in `ASM1Component` order.
    public var initialConcentrations: [Double] {
        var values = Self.defaultLiquor
        for (key, value) in initial ?? [:] {
            if let component = ASM1Component(name: key) { values[component.rawValue] = value }
        }
        return values
    }

    /// Names in `influent.concentrations` and `initial` that are not ASM1 states (typos).
    public var unknownComponentNames: [String] {
        (Array(influent.concentrations.keys) + Array((initial ?? [:]).keys))
            .filter { ASM1Component(name: $0) == nil }.sorted()
    }
}
