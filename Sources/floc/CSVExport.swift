import Historian

/// The rows of `floc export --csv`, read from the history for a set of series and a range.
struct CSVExport {
    let series: [String]
    let resolution: HistoryResolution
    private var raw: [String: [HistorySample]] = [:]
    private var rollups: [String: [HistoryRollup]] = [:]

    /// `resolution`: raw or rollup (already resolved).
    init(reader: HistoryReader, series: [String], from: Int64, to: Int64, resolution: HistoryResolution) throws(HistoryError) {
        self.series = series
        self.resolution = resolution
        for name in series {
            if resolution == .raw {
                raw[name] = try reader.raw(name, from: from, to: to)
            } else {
                rollups[name] = try reader.rollups(name, from: from, to: to)
            }
        }
    }

    /// `time,series,value,quality` (raw) or `time,series,avg,min,max,count,quality` (rollup), by time then series.
    func longLines() -> [String] {
        var rows: [(time: Int64, order: Int, text: String)] = []
        for (order, name) in series.enumerated() {
            let field = Self.field(name)
            if resolution == .raw {
                rows += (raw[name] ?? []).map {
                    ($0.time, order, "\(HistoryTime.format($0.time)),\(field),\(Self.number($0.value)),\($0.quality)")
                }
            } else {
                rows += (rollups[name] ?? []).map {
                    ($0.start, order, "\(HistoryTime.format($0.start)),\(field),\(Self.number($0.average)),\(Self.number($0.min)),"
                        + "\(Self.number($0.max)),\($0.count),\($0.worst)")
                }
            }
        }
        rows.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        let header = resolution == .raw ? "time,series,value,quality" : "time,series,avg,min,max,count,quality"
        return [header] + rows.map(\.text)
    }

    /// `time,<series>...`: one row per time any series has a value (rollup: its average), empty cells elsewhere.
    func wideLines() -> [String] {
        var cells: [Int64: [String: Double]] = [:]
        for name in series {
            if resolution == .raw {
                for sample in raw[name] ?? [] { cells[sample.time, default: [:]][name] = sample.value }
            } else {
                for rollup in rollups[name] ?? [] { cells[rollup.start, default: [:]][name] = rollup.average }
            }
        }
        let header = (["time"] + series.map(Self.field)).joined(separator: ",")
        return [header] + cells.keys.sorted().map { time in
            ([HistoryTime.format(time)] + series.map { cells[time]?[$0].map(Self.number) ?? "" }).joined(separator: ",")
        }
    }

    /// Shortest text that reads back to the same Double; NaN as an empty field.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

    /// A series name as a CSV field, quoted when it holds a comma or a quote.
    static func field(_ name: String) -> String {
        guard name.contains(where: { $0 == "," || $0 == "\"" }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
