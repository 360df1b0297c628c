/// `[historian]`: the local history `floc run` keeps of the unit's points and loops, read by the
/// console's `history` and `floc export --csv`. On unless `enabled = false`.
public struct HistorianConfig: Sendable, Equatable {
    public var enabled = true
    /// The SQLite file (WAL); default `history.db` in the folder of `[retain] path`.
    public var path = "/var/lib/floc/history.db"
    /// Sampling period, seconds (at least the scan period).
    public var interval = 1.0
    /// Raw samples are kept this many days, then only rollups.
    public var rawDays = 30.0
    /// Rollup interval, seconds.
    public var rollupInterval = 60.0
    /// Rollups are kept this many days.
    public var rollupDays = 365.0
    /// Names or globs (`*`, `?`) of the series to record; empty records every series.
    public var points: [String] = []

    public init() {}

    /// True when `points` is empty or one of its names or globs matches `series`.
    public func records(_ series: String) -> Bool {
        points.isEmpty || points.contains { Self.glob($0, matches: series) }
    }

    /// Shell-style match of a whole name: `*` any run of characters, `?` one character.
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        let pattern = Array(pattern)
        let name = Array(name)
        var (p, n) = (0, 0)
        var star: (pattern: Int, name: Int)?
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = (p, n)
                p += 1
            } else if let last = star {
                p = last.pattern + 1
                n = last.name + 1
                star = (last.pattern, last.name + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// The series `floc run` records for `unit`: every point of its devices (`device.point`), its GPIO
    /// points (`gpio.<name>`) and per loop `<loop>.sp`, `<loop>.pv`, `<loop>.out`.
    public static func series(of unit: UnitConfig) -> [String] {
        unit.devices.flatMap { device in device.profile.points.map { "\(device.name).\($0.name)" } }
            + unit.gpio.map { "gpio.\($0.name)" }
            + unit.control.loops.flatMap { ["\($0.name).sp", "\($0.name).pv", "\($0.name).out"] }
    }
}
