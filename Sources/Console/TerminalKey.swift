/// One key as the line editor sees it, after escape sequences are decoded.
public enum TerminalKey: Sendable, Equatable {
    case character(UInt8)
    case enter
    case backspace
    case delete
    case left, right, up, down
    case home, end
    case tab
    case killToEnd          // Ctrl-K
    case killToStart        // Ctrl-U
    case deleteWord         // Ctrl-W
    case interrupt          // Ctrl-C
    case endOfInput         // Ctrl-D
}

/// Turns terminal bytes into keys: VT100/xterm cursor keys (CSI and SS3 forms), control keys,
/// printable ASCII. Unknown or broken sequences are dropped after at most `maximumSequence` bytes,
/// and bytes that are neither printable ASCII nor a known control are ignored.
public struct KeyDecoder: Sendable {
    enum State: Sendable, Equatable {
        case ground
        case escape
        case csi(parameters: [UInt8])
        case ss3
    }

    /// Longest escape sequence kept before it is discarded as noise.
    public static let maximumSequence = 8

    private(set) var state: State = .ground
    /// CR then LF is one line end, not two.
    private var lastWasCarriageReturn = false

    public init() {}

    /// Feeds one byte; returns the key it completes, if any.
    public mutating func decode(_ byte: UInt8) -> TerminalKey? {
        switch state {
        case .ground:
            return ground(byte)
        case .escape:
            switch byte {
            case UInt8(ascii: "["): state = .csi(parameters: [])
            case UInt8(ascii: "O"): state = .ss3
            case 0x1B: state = .escape
            case ..<0x20: state = .ground; return ground(byte)
            default: state = .ground  // Alt-key or noise: dropped
            }
            return nil
        case .ss3:
            state = .ground
            if byte < 0x20 { return ground(byte) }
            return Self.cursorKey(final: byte)
        case .csi(var parameters):
            if (0x30...0x3F).contains(byte) {
                parameters.append(byte)
                state = parameters.count < Self.maximumSequence ? .csi(parameters: parameters) : .ground
                return nil
            }
            state = .ground
            if byte < 0x20 { return ground(byte) }  // a control byte ends a broken sequence and still counts
            return Self.csiKey(final: byte, parameters: parameters)
        }
    }

    private mutating func ground(_ byte: UInt8) -> TerminalKey? {
        defer { lastWasCarriageReturn = byte == 0x0D }
        switch byte {
        case 0x0D: return .enter
        case 0x0A: return lastWasCarriageReturn ? nil : .enter
        case 0x1B: state = .escape; return nil
        case 0x7F, 0x08: return .backspace
        case 0x09: return .tab
        case 0x01: return .home
        case 0x05: return .end
        case 0x02: return .left
        case 0x06: return .right
        case 0x0B: return .killToEnd
        case 0x15: return .killToStart
        case 0x17: return .deleteWord
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x10: return .up
        case 0x0E: return .down
        case 0x20...0x7E: return .character(byte)
        default: return nil
        }
    }

    /// Arrows, Home and End: the same final letters after `ESC [` and `ESC O`.
    private static func cursorKey(final: UInt8) -> TerminalKey? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }

    private static func csiKey(final: UInt8, parameters: [UInt8]) -> TerminalKey? {
        if let key = cursorKey(final: final) { return key }
        switch final {
        case UInt8(ascii: "~"):
            switch String(decoding: parameters, as: UTF8.self) {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return nil
            }
        default: return nil
        }
    }
}
