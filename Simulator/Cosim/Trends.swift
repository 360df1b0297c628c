/// Time series recorded during a run: one column per name, one row per record time (s).
public struct Trends: Sendable {
    public private(set) var names: [String]
    public private(set) var times: [Double] = []
    /// `columns[i][j]`: value of `names[i]` at `times[j]` (NaN when unknown).
    public private(set) var columns: [[Double]]
    /// Units by name, where known.
    public var units: [String: String] = [:]

    public init(names: [String]) {
        self.names = names
        columns = names.map { _ in [] }
    }

    /// Appends one row, each name looked up with `value`.
    public mutating func record(time: Double, _ value: (String) -> Double?) {
        times.append(time)
        for (i, name) in names.enumerated() { columns[i].append(value(name) ?? .nan) }
    }

    /// The column of `name`, if recorded.
    public func series(_ name: String) -> [Double]? { names.firstIndex(of: name).map { columns[$0] } }

    /// The table as CSV: `time_s` then one column per name.
    public var csv: String {
        var lines = [(["time_s"] + names).joined(separator: ",")]
        for (j, time) in times.enumerated() {
            lines.append(([format(time)] + columns.map { format($0[j]) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : ""
    }
}
