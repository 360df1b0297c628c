/// HJ 212 time stamps: China Standard Time (UTC+8, no daylight saving), digits only.
enum HJ212Time {
    static let offsetMilliseconds: Int64 = 8 * 3_600_000

    /// `yyyyMMddHHmmssSSS`, the QN format.
    static func qn(_ utcMilliseconds: Int64) -> String {
        let (date, millisecond) = civil(utcMilliseconds)
        return date + pad(millisecond, 3)
    }

    /// `yyyyMMddHHmmss`, the DataTime format.
    static func dataTime(_ utcMilliseconds: Int64) -> String { civil(utcMilliseconds).0 }

    private static func civil(_ utcMilliseconds: Int64) -> (String, Int) {
        let local = utcMilliseconds + offsetMilliseconds
        let (days, dayMilliseconds) = floorDivide(local, 86_400_000)
        let seconds = Int(dayMilliseconds / 1000)
        // Howard Hinnant's days-from-civil inverse.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let text = pad(Int(year), 4) + pad(Int(month), 2) + pad(Int(day), 2)
            + pad(seconds / 3600, 2) + pad(seconds / 60 % 60, 2) + pad(seconds % 60, 2)
        return (text, Int(dayMilliseconds % 1000))
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
