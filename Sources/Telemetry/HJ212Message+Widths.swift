/// A field wider than HJ 212-2017 table 4 allows.
public struct HJ212WidthError: Error, Equatable, Sendable {
    public var field: String
    public var maximum: Int
    public var actual: Int
}

public extension HJ212Message {
    /// Maximum value widths, from HJ 212-2017 table 4 (its widths include `NAME=`: QN 20, ST 5,
    /// CN 7, PW 9, MN 27, CP 950 characters; the values are those less the name and `=`).
    static let maximumWidths: [(field: String, maximum: Int)] = [
        ("QN", 17), ("ST", 2), ("CN", 4), ("PW", 6), ("MN", 24), ("CP", 950),
    ]

    /// Throws ``HJ212WidthError`` for the first field wider than the standard allows.
    func validateWidths() throws {
        let values = ["QN": qn, "ST": st, "CN": cn, "PW": pw, "MN": mn, "CP": cp]
        for (field, maximum) in Self.maximumWidths {
            let actual = values[field]?.utf8.count ?? 0
            if actual > maximum { throw HJ212WidthError(field: field, maximum: maximum, actual: actual) }
        }
    }
}
