/// Electrical bias of a GPIO input.
public enum LineBias: String, Sendable, CaseIterable {
    case asIs = "as-is"
    case disabled = "disabled"
    case pullUp = "pull-up"
    case pullDown = "pull-down"
}

/// Where a GPIO line is: the chip by its label (chip numbers change between
/// kernels), the line offset, and the header pin for error messages.
public struct LineAddress: Sendable, Equatable, CustomStringConvertible {
    public var chipLabel: String
    public var offset: UInt32
    /// The header pin name from the board file, e.g. `P1-11`.
    public var pin: String
    /// The board's name, e.g. `rpi4`.
    public var board: String

    public init(chipLabel: String, offset: UInt32, pin: String, board: String) {
        self.chipLabel = chipLabel
        self.offset = offset
        self.pin = pin
        self.board = board
    }

    public var description: String { "board \(board) pin \(pin) (chip '\(chipLabel)' line \(offset))" }
}

/// One requested GPIO line. Values are logical: `true` is active, whatever the
/// line's polarity.
public protocol DigitalLine: AnyObject {
    var address: LineAddress { get }
    func read() throws(HALError) -> Bool
    /// Fails with `.invalidArgument` for a line requested as input.
    func write(_ active: Bool) throws(HALError)
    /// Releases the line; outputs go to their safe level first.
    func release()
}
