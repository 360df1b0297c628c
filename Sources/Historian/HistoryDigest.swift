import Foundation

/// One series over a recent span, as the console's `history` shows it: min, average, max and
/// worst quality over the span, and the last few values.
public struct HistoryDigest: Sendable, Equatable {
    public var series: String
    /// The span [from, to), ms UTC.
    public var from: Int64
    public var to: Int64
    public var summary: HistoryRollup
    /// The latest samples of the span (raw while kept, else rollup averages), oldest first.
    public var last: [HistorySample]

    /// Reads `series` over the `minutes` before `now` (ms UTC); `lastCount` latest values.
    /// Throws ``HistoryError/unknownSeries(_:)`` for a series never recorded.
    public init(reader: HistoryReader, series: String, minutes: Int, now: Int64, lastCount: Int = 10) throws(HistoryError) {
        self.series = series
        to = now + 1
        from = to - Int64(minutes) * 60_000
        var sum = RollupAccumulator()
        if HistoryResolution.auto.resolved(span: to - from) == .raw {
            let samples = try reader.raw(series, from: from, to: to)
            samples.forEach { sum.add($0) }
            last = Array(samples.suffix(lastCount))
        } else {
            let rollups = try reader.rollups(series, from: from, to: to)
            rollups.forEach { sum.add($0) }
            last = rollups.suffix(lastCount).map { HistorySample(time: $0.start, value: $0.average, quality: $0.worst) }
        }
        if last.isEmpty {
            // The newest raw blocks may still be rolling up: fall back to raw for the tail.
            last = Array(try reader.raw(series, from: from, to: to).suffix(lastCount))
        }
        summary = sum.rollup(start: from, span: to - from)
    }

    /// The console's `history <series> <minutes>` from the database at `path`: lines of the span
    /// ending now, read with a connection of its own; throws ``HistoryError``.
    public static func consoleLines(path: String) -> @Sendable (_ series: String, _ minutes: Int) throws -> [String] {
        { series, minutes in
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            return try HistoryDigest(reader: HistoryReader(path: path), series: series, minutes: minutes, now: now).lines
        }
    }

    /// Console lines: a summary line, then one line per recent value (`time value quality`).
    public var lines: [String] {
        guard summary.count > 0 else {
            return ["\(series): no values in the last \(Self.minutes(to - from)) min"]
        }
        var lines = ["\(series) last \(Self.minutes(to - from)) min: \(summary.count) values, min \(Self.number(summary.min)) "
            + "avg \(Self.number(summary.average)) max \(Self.number(summary.max)), worst quality \(summary.worst)"]
        lines += last.map { "  \(HistoryTime.format($0.time))  \(Self.number($0.value))  \($0.quality)" }
        return lines
    }

    static func minutes(_ span: Int64) -> Int64 { (span + 59_999) / 60_000 }

    /// Up to 4 decimals without trailing zeros, as the console prints values.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
