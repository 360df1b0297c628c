/// A condition on one point, written `"level1.level > 0.5"`, `"io1.input1"` (true when 1)
/// or `"!io1.input1"` (true when 0). Used by interlocks, permissives and digital alarms.
public struct PointCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="
    }

    /// As written, shown to the operator as the reason.
    public var text: String
    public var point: PointReference
    public var comparison: Comparison
    /// Engineering units of the point (0.5 for a bare boolean).
    public var threshold: Double

    public init(text: String, point: PointReference, comparison: Comparison, threshold: Double) {
        self.text = text
        self.point = point
        self.comparison = comparison
        self.threshold = threshold
    }

    /// Whether the condition holds for `value`.
    public func holds(_ value: Double) -> Bool {
        switch comparison {
        case .greater: value > threshold
        case .greaterOrEqual: value >= threshold
        case .less: value < threshold
        case .lessOrEqual: value <= threshold
        case .equal: value == threshold
        case .notEqual: value != threshold
        }
    }

    public var description: String { text }
}
