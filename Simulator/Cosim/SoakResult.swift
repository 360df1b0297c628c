import Foundation

/// What a `CosimSoak` measured, day by day, and whether it stayed flat after the first day.
public struct SoakResult: Sendable {
    /// Day 0 (before the first scan) and the end of each simulated day.
    public var days: [SoakDay]
    public var unwiredOutputs: [String]

    /// The days after warm-up: day 1 (the end of the first simulated day) onwards.
    var settled: [SoakDay] { days.filter { $0.day >= 1 } }

    /// RSS growth after warm-up, KiB per simulated day: (last - day 1) / days between; nil with fewer than 2 days.
    public var rssGrowthKiBPerDay: Double? {
        guard let first = settled.first, let last = settled.last, last.day > first.day,
              let a = first.resources.rssKiB, let b = last.resources.rssKiB else { return nil }
        return Double(b - a) / Double(last.day - first.day)
    }

    /// Least-squares slope of RSS over the days after warm-up, KiB/day (less sensitive to the last reading).
    public var rssSlopeKiBPerDay: Double? {
        let points = settled.compactMap { day in day.resources.rssKiB.map { (Double(day.day), Double($0)) } }
        guard points.count >= 2 else { return nil }
        let mx = points.map(\.0).reduce(0, +) / Double(points.count)
        let my = points.map(\.1).reduce(0, +) / Double(points.count)
        let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        return sxx > 0 ? points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / sxx : nil
    }

    /// Whether descriptors (and threads) read the same at the end of every day after warm-up.
    public var fileDescriptorsFlat: Bool { Set(settled.map(\.resources.fileDescriptors)).count <= 1 }
    public var threadsFlat: Bool { Set(settled.map(\.resources.threads)).count <= 1 }

    /// Flat: descriptors and threads unchanged after day 1 and RSS growth within `rssBound` KiB/day.
    public func isFlat(rssBoundKiBPerDay rssBound: Double) -> Bool {
        fileDescriptorsFlat && threadsFlat && (rssGrowthKiBPerDay.map { $0 <= rssBound } ?? true)
    }

    /// The column titles of `row(_:)`.
    public static let header = ["day", "wall_s", "scans", "rss_kib", "fds", "threads", "do_mgl", "ph", "alarms",
                                "sampled", "delivered", "dropped", "queued", "high_water", "saves", "misdelivered"]

    /// One day as the table's cells.
    public static func row(_ day: SoakDay) -> [String] {
        func n(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        func f(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
        let t = day.telemetry
        return [String(day.day), String(format: "%.1f", day.wallSeconds), String(day.scans), n(day.resources.rssKiB),
                n(day.resources.fileDescriptors), n(day.resources.threads), f(day.meanDO, "%.2f"), f(day.meanPH, "%.2f"),
                String(day.annunciated), n(t?.sampled), n(t?.delivered), n(t.map { Int($0.dropped) }), n(day.queued),
                n(t?.highWaterRaised), n(t?.retainedSaves), n(t?.misdelivered)]
    }

    /// Cells right-aligned in the table's columns.
    public static func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in String(repeating: " ", count: max(0, (i == 0 ? 4 : 9) - cell.count)) + cell }
            .joined(separator: " ")
    }

    /// The whole table, aligned.
    public var table: String { ([Self.header] + days.map(Self.row)).map(Self.line).joined(separator: "\n") }

    /// The table as CSV.
    public var csv: String { ([Self.header] + days.map(Self.row)).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n" }

    /// One line: growth after day 1 and the verdict against `rssBound` KiB/day.
    public func verdict(rssBoundKiBPerDay rssBound: Double) -> String {
        let first = settled.first?.resources, last = settled.last?.resources
        func span(_ a: Int?, _ b: Int?) -> String { "\(a.map(String.init) ?? "-") -> \(b.map(String.init) ?? "-")" }
        let growth = rssGrowthKiBPerDay.map { String(format: "%+.1f KiB/day", $0) } ?? "n/a (under 2 days)"
        let slope = rssSlopeKiBPerDay.map { String(format: "%+.1f KiB/day", $0) } ?? "n/a"
        return "soak: \(settled.count) days after day-1 warm-up: rss \(span(first?.rssKiB, last?.rssKiB)) KiB (\(growth), "
            + "fit \(slope)), fds \(span(first?.fileDescriptors, last?.fileDescriptors)), threads "
            + "\(span(first?.threads, last?.threads)): \(isFlat(rssBoundKiBPerDay: rssBound) ? "FLAT" : "GROWING") "
            + "(bound \(Int(rssBound)) KiB/day, fds and threads unchanged)"
    }
}
