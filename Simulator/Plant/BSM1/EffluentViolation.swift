/// How long and how often one effluent quantity exceeded its limit over an evaluation period.
public struct EffluentViolation: Sendable, Equatable {
    /// "Ntot", "SNH", "TSS", "COD", "BOD5".
    public var name: String
    /// Limit, g/m3.
    public var limit: Double
    /// Time above the limit, days.
    public var days: Double
    /// Number of times the quantity crossed from at-or-below to above the limit (a first sample
    /// above the limit counts as one).
    public var occurrences: Int
    /// Time above the limit as a percentage of the period.
    public var percentOfTime: Double

    /// Counts over samples held for `interval` days each (rectangles, as the benchmark does).
    public init(name: String, limit: Double, values: [Double], interval: Double) {
        self.name = name
        self.limit = limit
        var above = 0, occurrences = 0, wasAbove = false
        for value in values {
            let isAbove = value > limit
            if isAbove { above += 1 }
            if isAbove && !wasAbove { occurrences += 1 }
            wasAbove = isAbove
        }
        days = Double(above) * interval
        self.occurrences = occurrences
        percentOfTime = values.isEmpty ? 0 : 100 * Double(above) / Double(values.count)
    }
}
