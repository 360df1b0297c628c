import Foundation

/// A sampled signal held constant from each sample to the next (zero-order hold), as the
/// BSM1 protocol uses its 15-minute influent files and 1-minute sensor-noise files.
public struct ZeroOrderHoldSeries: Sendable {
    /// Sample times, increasing, in days.
    public let times: [Double]
    /// One row of values per sample time.
    public let rows: [[Double]]

    /// A series from its times (increasing, days) and equally long rows.
    public init(times: [Double], rows: [[Double]]) {
        precondition(!times.isEmpty && times.count == rows.count, "one row per sample time, at least one")
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "sample times must increase")
        self.times = times
        self.rows = rows
    }

    /// Parses comma-separated text whose first line is a header and whose first column is time
    /// in days. Throws `SeriesFormatError` naming the line of the first bad number.
    public init(csv text: String) throws {
        var times: [Double] = [], rows: [[Double]] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard let first = fields.first, fields.allSatisfy({ $0 != nil }), let time = first else {
                throw SeriesFormatError(line: number + 1, text: String(line))
            }
            times.append(time)
            rows.append(fields.dropFirst().map { $0! })
        }
        guard !times.isEmpty else { throw SeriesFormatError(line: 1, text: "no samples") }
        self.init(times: times, rows: rows)
    }

    /// Reads a CSV file (see `init(csv:)`); throws the file error or `SeriesFormatError`.
    public init(contentsOf path: String) throws {
        try self.init(csv: String(contentsOfFile: path, encoding: .utf8))
    }

    public var count: Int { times.count }

    /// Mean interval between samples, days: the files are equally spaced but round their times,
    /// and the span over all samples carries the least rounding.
    public var sampleInterval: Double { count > 1 ? (times[count - 1] - times[0]) / Double(count - 1) : 0 }

    /// Index of the sample in force at `time`: the last one at or before it (the files round
    /// their times to 9 digits, so "at" allows 1e-7 d = 9 ms). Before the first, the first.
    public func index(at time: Double) -> Int {
        var low = 0, high = count - 1
        guard time + 1e-7 >= times[0] else { return 0 }
        while low < high {
            let middle = (low + high + 1) / 2
            if times[middle] <= time + 1e-7 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The row in force at `time` (held since its sample).
    public func values(at time: Double) -> [Double] { rows[index(at: time)] }
}

/// A line of a series file that is not all numbers.
public struct SeriesFormatError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let text: String
    public var description: String { "line \(line): expected comma-separated numbers, got \"\(text)\"" }
}

extension PlantStream {
    /// An influent from a BSM1 influent file row without its time: 13 ASM1 concentrations,
    /// TSS (g SS/m3), flow (m3/d).
    public init(influentRow row: [Double]) {
        precondition(row.count >= ASM1Component.count + 2, "an influent row has 13 concentrations, TSS and Q")
        self.init(concentrations: Array(row[0..<ASM1Component.count]), tss: row[ASM1Component.count],
                  flow: row[ASM1Component.count + 1])
    }
}
