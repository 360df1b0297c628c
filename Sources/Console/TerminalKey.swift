/// One key as the line editor sees it, after escape sequences are decoded.
public enum TerminalKey: Sendable, Equatable {
    /// A printable character: ASCII, or a UTF-8 sequence decoded to one scalar.
    case character(Unicode.Scalar)
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
/// printable characters (ASCII and UTF-8). Unknown or broken escape sequences are dropped after at
/// most `maximumSequence` bytes; invalid UTF-8 (stray continuation bytes, overlong forms,
/// surrogates, truncated sequences) and unprintable scalars are dropped.
public struct KeyDecoder: Sendable {
    enum State: Sendable, Equatable {
        case ground
        case escape
        case csi(parameters: [UInt8])
        case ss3
        /// Inside a UTF-8 sequence: the bits so far, continuation bytes still due, the smallest
        /// scalar this length may encode (smaller is an overlong form).
        case utf8(value: UInt32, remaining: Int, minimum: UInt32)
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
        case let .utf8(value, remaining, minimum):
            guard (0x80...0xBF).contains(byte) else {
                // A truncated sequence: dropped, and the byte starts afresh.
                state = .ground
                return ground(byte)
            }
            let next = value << 6 | UInt32(byte & 0x3F)
            guard remaining == 1 else {
                state = .utf8(value: next, remaining: remaining - 1, minimum: minimum)
                return nil
            }
            state = .ground
            guard next >= minimum, let scalar = Unicode.Scalar(next), Self.isPrintable(scalar) else { return nil }
            return .character(scalar)
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
        case 0x20...0x7E: return .character(Unicode.Scalar(byte))
        case 0xC2...0xDF: state = .utf8(value: UInt32(byte & 0x1F), remaining: 1, minimum: 0x80); return nil
        case 0xE0...0xEF: state = .utf8(value: UInt32(byte & 0x0F), remaining: 2, minimum: 0x800); return nil
        case 0xF0...0xF4: state = .utf8(value: UInt32(byte & 0x07), remaining: 3, minimum: 0x10000); return nil
        default: return nil
        }
    }

    /// Scalars that take one or two columns of their own: no controls, format characters, combining
    /// marks (zero width, which would break the editor's column arithmetic), private-use or unassigned.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .nonspacingMark, .enclosingMark, .spacingMark:
            false
        default:
            true
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
