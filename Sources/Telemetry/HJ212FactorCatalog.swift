import Foundation

/// What HJ 212-2017 appendix B says about the water factors whose statistics carry `Cou`, the
/// amount discharged in the period: w00000 (effluent flow) in m3, and pollutants in a mass unit
/// that goes with their concentration unit (mg/L -> kg, ug/L -> g, ng/L -> mg), so that
/// mass = concentration x volume (m3) / 1000 for all of them. pH, colour, DO, temperature,
/// conductivity, bacteria and radioactivity carry no `Cou`. Transcribed from the appendix B table
/// as public implementations carry it (srdgame/lua-HJ212 `hj212/tags/info.lua`, "calc_unit").
public enum HJ212FactorCatalog {
    /// Effluent flow (污水): real-time value a rate, `Cou` the volume in m3.
    public static let flowCode = "w00000"

    /// The concentration unit appendix B gives a pollutant that carries a discharged mass, by code.
    public static let massConcentrationUnits: [String: String] = {
        var units: [String: String] = [:]
        let milligrams = ["w01006", "w01012", "w01017", "w01018", "w01019", "w01020", "w19001", "w19002",
                          "w20012", "w20023", "w20038", "w20061", "w20092", "w20116", "w20121", "w20122", "w20123",
                          "w20124", "w20125", "w20126", "w20138", "w20139", "w20140", "w20141", "w20144",
                          "w21001", "w21003", "w21004", "w21006", "w21007", "w21011", "w21016", "w21017", "w21019",
                          "w21022", "w21038", "w22001", "w23002", "w99001"]
        let micrograms = ["w20111", "w20115", "w20117", "w20119", "w20120", "w20127", "w20128", "w20142", "w20143",
                          "w25043"]
        let nanograms = ["w20089", "w20113", "w33001", "w33007"]
        for code in milligrams { units[code] = "mg/L" }
        for code in micrograms { units[code] = "ug/L" }
        for code in nanograms { units[code] = "ng/L" }
        return units
    }()

    /// True for a pollutant whose minute/hour/day statistics carry a discharged mass.
    public static func carriesMass(_ code: String) -> Bool { massConcentrationUnits[code] != nil }

    /// Whether a point's unit text is the concentration unit appendix B expects for `code`
    /// (`µg/L` is accepted for `ug/L`, case and spaces ignored). An empty unit is taken as the standard's.
    public static func concentrationUnit(_ unit: String, matches code: String) -> Bool {
        guard let expected = massConcentrationUnits[code] else { return true }
        let normalized = unit.replacingOccurrences(of: "µ", with: "u").replacingOccurrences(of: "μ", with: "u")
            .filter { $0 != " " }.lowercased()
        return normalized.isEmpty || normalized == expected.lowercased()
    }
}

/// The rate units Floc integrates into a volume for `w00000-Cou`.
public enum HJ212FlowUnit: String, Sendable, CaseIterable {
    case cubicMetresPerHour = "m3/h"
    case litresPerSecond = "L/s"

    /// m3 per second of one unit of this rate.
    public var cubicMetresPerSecond: Double {
        switch self {
        case .cubicMetresPerHour: 1.0 / 3600
        case .litresPerSecond: 1.0 / 1000
        }
    }

    /// Parses `m3/h` (also `m³/h`) and `L/s` (also `l/s`); nil for anything else.
    public init?(text: String) {
        switch text.replacingOccurrences(of: "³", with: "3").filter({ $0 != " " }).lowercased() {
        case "m3/h": self = .cubicMetresPerHour
        case "l/s": self = .litresPerSecond
        default: return nil
        }
    }
}
