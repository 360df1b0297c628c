import Config
import HAL
import HALLinux

/// The unit's GPIO points, requested for `floc run`: inputs as they are, outputs at their
/// initial level. `GPIOPoller.stop()` drives outputs to their safe level and releases them.
final class GPIOPoints {
    let points: [(config: GPIOPointConfig, line: GPIODLine)]

    private init(_ points: [(config: GPIOPointConfig, line: GPIODLine)]) { self.points = points }

    /// Requests every point, or none: on the first failure the lines already held are
    /// released and the error is thrown. Every chip is looked for before any line is
    /// requested, so a missing chip fails before an output has been driven.
    static func request(_ unit: UnitConfig) throws(HALError) -> GPIOPoints {
        guard !unit.gpio.isEmpty else { return GPIOPoints([]) }
        let chips = GPIOChips.list()
        for point in unit.gpio where !chips.contains(where: { $0.label == point.chipLabel }) {
            throw HALError(.noSuchDevice, operation: "request \(point.direction.rawValue) \(point.name)",
                           context: address(point, board: unit.board.id).description,
                           detail: GPIOChips.missingChipDetail(label: point.chipLabel, chips: chips))
        }
        var held: [(config: GPIOPointConfig, line: GPIODLine)] = []
        // Inputs first: a failure among them leaves no output driven.
        for point in unit.gpio.sorted(by: { $0.direction == .input && $1.direction == .output }) {
            do {
                let address = address(point, board: unit.board.id)
                let line = point.direction == .input
                    ? try GPIODLine.requestInput(address, activeLow: point.activeLow, bias: bias(point.bias))
                    : try GPIODLine.requestOutput(address, activeLow: point.activeLow, initial: point.initial, safe: point.safe)
                held.append((point, line))
            } catch {
                for (_, line) in held { line.release() }
                throw error
            }
        }
        return GPIOPoints(held)
    }

    private static func address(_ point: GPIOPointConfig, board: String) -> LineAddress {
        LineAddress(chipLabel: point.chipLabel, offset: UInt32(point.line), pin: point.pin, board: board)
    }

    private static func bias(_ setting: LineBiasSetting) -> LineBias {
        switch setting {
        case .asIs: .asIs
        case .disabled: .disabled
        case .pullUp: .pullUp
        case .pullDown: .pullDown
        }
    }
}
