public extension HJ212FactorCatalog {
    /// Appendix B's data type of each water factor: the format of its Rtd, Min, Avg and Max (the
    /// concentration, or w00000's rate). Transcribed from srdgame/lua-HJ212 `hj212/tags/info.lua`
    /// ("format"), the same public copy of the table as ``massConcentrationUnits``.
    static let formats: [String: HJ212NumberFormat] = {
        let table: [(format: String, codes: [String])] = [
            ("N5.2", ["w00000"]),
            ("N2.2", ["w01001"]),
            ("N3.2", ["w01002", "w19001", "w19002", "w20111", "w20121", "w20122", "w21011", "w22001"]),
            ("N4", ["w01006", "w01012", "w20089", "w20113", "w20120", "w33001", "w33007"]),
            ("N3.1", ["w01009", "w01010", "w01014", "w01019", "w01020", "w03001", "w03002", "w20092", "w20115", "w21004",
                      "w21022", "w25043", "w99001"]),
            ("N5.1", ["w01017", "w01018"]),
            ("N9", ["w02003", "w02006"]),
            ("N3.3", ["w20012", "w20023", "w20116", "w20123", "w20124", "w20125", "w20126", "w20127", "w20138", "w20139",
                      "w20140", "w20141", "w20142", "w20143", "w20144", "w21016", "w21019"]),
            ("N3.4", ["w20038", "w20061", "w23002"]),
            ("N2.3", ["w20117", "w20119", "w21006", "w21007"]),
            ("N4.2", ["w20128", "w21001", "w21003", "w21017"]),
            ("N6", ["w21038"]),
        ]
        var formats: [String: HJ212NumberFormat] = [:]
        for row in table {
            guard let format = HJ212NumberFormat(row.format) else { preconditionFailure("bad format \(row.format)") }
            for code in row.codes { formats[code] = format }
        }
        return formats
    }()

    /// The format of `code`'s values; for a code appendix B (as transcribed) does not list, `decimals`
    /// places and no integer limit.
    static func format(of code: String, fallbackDecimals decimals: Int = 2) -> HJ212NumberFormat {
        formats[code] ?? HJ212NumberFormat(integerDigits: nil, decimals: decimals)
    }
}
