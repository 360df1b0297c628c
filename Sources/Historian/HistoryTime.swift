import Foundation

/// History times as text: ISO 8601 UTC with milliseconds (`2026-11-22T15:04:05.250Z`), and the
/// forms `floc export` accepts for a bound: ISO 8601 (date, date-time with or without fraction
/// and zone; UTC if none), `now`, or an offset before now (`-90s`, `-30m`, `-2h`, `-7d`).
public enum HistoryTime {
    /// `time` (ms UTC) as ISO 8601 UTC with milliseconds.
    public static func format(_ time: Int64) -> String {
        let seconds = time.floorDivided(by: 1000)
        var civil = tm()
        var raw = time_t(seconds)
        gmtime_r(&raw, &civil)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(civil.tm_year) + 1900, Int(civil.tm_mon) + 1,
                      Int(civil.tm_mday), Int(civil.tm_hour), Int(civil.tm_min), Int(civil.tm_sec),
                      Int(time - seconds * 1000))
    }

    /// The time `text` names, ms UTC, relative forms counted back from `now`; nil when unreadable.
    public static func parse(_ text: String, now: Int64) -> Int64? {
        if text == "now" { return now }
        if text.hasPrefix("-"), let unit = text.last, let amount = Double(text.dropFirst().dropLast()), amount >= 0 {
            let scale: Double? = switch unit {
            case "s": 1000
            case "m": 60_000
            case "h": 3_600_000
            case "d": 86_400_000
            default: nil
            }
            guard let scale else { return nil }
            return now - Int64((amount * scale).rounded())
        }
        return iso8601(text)
    }

    private static func iso8601(_ text: String) -> Int64? {
        var body = text
        var offset: Int64 = 0
        if body.hasSuffix("Z") {
            body.removeLast()
        } else if body.count > 19, let sign = body.dropFirst(19).firstIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = body[sign...].split(separator: ":")
            guard zone.count == 2, let hours = Int64(zone[0].dropFirst()), let minutes = Int64(zone[1]) else { return nil }
            offset = (hours * 60 + minutes) * 60_000 * (body[sign] == "-" ? -1 : 1)
            body = String(body[..<sign])
        }
        if body.count == 10 { body += "T00:00:00" }
        var fraction: Int64 = 0
        if let dot = body.firstIndex(of: ".") {
            let digits = body[body.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isNumber) else { return nil }
            fraction = Int64(digits.padding(toLength: 3, withPad: "0", startingAt: 0).prefix(3)) ?? 0
            body = String(body[..<dot])
        }
        let parts = body.split(whereSeparator: { "-T:".contains($0) })
        guard body.count == 19, parts.count == 6, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let hour = Int(parts[3]), let minute = Int(parts[4]), let second = Int(parts[5]),
              (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second)
        else { return nil }
        var civil = tm()
        civil.tm_year = Int32(year - 1900)
        civil.tm_mon = Int32(month - 1)
        civil.tm_mday = Int32(day)
        civil.tm_hour = Int32(hour)
        civil.tm_min = Int32(minute)
        civil.tm_sec = Int32(second)
        return Int64(timegm(&civil)) * 1000 + fraction - offset
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 { (self - modulo(divisor)) / divisor }
}
