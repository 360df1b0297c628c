/// Which table a query reads.
public enum HistoryResolution: String, Sendable, CaseIterable {
    /// Every sample (kept `raw_days`).
    case raw
    /// Min, average, max, count and worst quality per rollup interval (kept `rollup_days`).
    case rollup
    /// Raw up to `autoRawLimit` of span, rollup beyond.
    case auto

    /// Spans up to 6 h are read raw by `auto`: at 1 s that is at most 21 600 values a series.
    public static let autoRawLimit: Int64 = 6 * 3_600_000

    /// `raw` or `rollup` for a span of `span` ms.
    public func resolved(span: Int64) -> HistoryResolution {
        guard self == .auto else { return self }
        return span <= Self.autoRawLimit ? .raw : .rollup
    }
}
