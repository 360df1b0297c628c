/// A factor's number format, HJ 212-2017 appendix B's data-type column: `N5.2` is a number of at
/// most 5 integer digits printed with 2 decimals, `N4` an integer of at most 4 digits. Values are
/// printed in plain decimals (no exponent), rounded half away from zero.
public struct HJ212NumberFormat: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Most integer digits (a sign is not a digit); nil: no limit.
    public var integerDigits: Int?
    /// Decimal places printed.
    public var decimals: Int

    public init(integerDigits: Int?, decimals: Int) {
        precondition(decimals >= 0 && (integerDigits ?? 1) >= 1, "a number format has decimals >= 0 and integer digits >= 1")
        self.integerDigits = integerDigits
        self.decimals = decimals
    }

    /// Parses `N5.2` or `N4`; nil for anything else.
    public init?(_ text: String) {
        guard text.first == "N" else { return nil }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let integer = Int(parts[0]), integer >= 1 else { return nil }
        let decimals = parts.count == 2 ? Int(parts[1]) : 0
        guard let decimals, decimals >= 0 else { return nil }
        self.init(integerDigits: integer, decimals: decimals)
    }

    /// `N5.2`, `N4`; `N.2` without an integer limit.
    public var description: String {
        "N" + (integerDigits.map(String.init) ?? "") + (decimals > 0 ? ".\(decimals)" : "")
    }

    /// `value` with exactly `decimals` places, rounded half away from zero. The rounding works on the
    /// value's shortest decimal form, so 2.675 prints 2.68 (as written, although the nearest double is
    /// a little below 2.675). A non-finite value prints `0` (the caller flags it; Floc never sends one).
    public func text(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let (integer, fraction) = Self.rounded(value.magnitude, decimals: decimals)
        let sign = value < 0 && (integer != "0" || fraction.contains { $0 != "0" }) ? "-" : ""
        return sign + integer + (decimals > 0 ? "." + fraction : "")
    }

    /// True when `value`, rounded to `decimals`, has at most `integerDigits` integer digits.
    public func fits(_ value: Double) -> Bool {
        guard let integerDigits else { return true }
        guard value.isFinite else { return false }
        return Self.rounded(value.magnitude, decimals: decimals).integer.count <= integerDigits
    }

    /// The largest magnitude that fits (99999.9 for N5.1); nil without an integer limit.
    public var largest: Double? {
        integerDigits.flatMap { Double(String(repeating: "9", count: $0) + "." + String(repeating: "9", count: decimals)) }
    }

    /// Integer and fraction digits of `magnitude` (finite, >= 0) rounded half away from zero to
    /// `decimals` places; the integer part without leading zeros ("0" for none).
    static func rounded(_ magnitude: Double, decimals: Int) -> (integer: String, fraction: String) {
        // Double's description is its shortest round-trip form: "2.675", "1e-05", "1.5e+20".
        let text = magnitude.description
        let exponentParts = text.split(separator: "e")
        let exponent = exponentParts.count == 2 ? Int(exponentParts[1]) ?? 0 : 0
        let mantissa = exponentParts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(mantissa[0].utf8).map { $0 - UInt8(ascii: "0") }
        var point = digits.count + exponent
        if mantissa.count == 2 { digits += Array(mantissa[1].utf8).map { $0 - UInt8(ascii: "0") } }
        if point < 0 {
            digits = Array(repeating: 0, count: -point) + digits
            point = 0
        }
        let kept = point + decimals
        if digits.count <= kept { digits += Array(repeating: 0, count: kept + 1 - digits.count) }
        let roundUp = digits[kept] >= 5
        digits = Array(digits[..<kept])
        if roundUp {
            var index = digits.count - 1
            while index >= 0, digits[index] == 9 {
                digits[index] = 0
                index -= 1
            }
            if index >= 0 { digits[index] += 1 } else { digits.insert(1, at: 0) }
        }
        let integerDigits = digits[..<(digits.count - decimals)].drop { $0 == 0 }
        let integer = integerDigits.isEmpty ? "0" : String(integerDigits.map { Character(String($0)) })
        let fraction = String(digits.suffix(decimals).map { Character(String($0)) })
        return (integer, fraction)
    }
}
