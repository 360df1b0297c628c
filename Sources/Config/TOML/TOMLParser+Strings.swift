extension TOMLParser {
    /// `"..."`: escapes, no newline.
    mutating func parseBasicString() throws(TOMLError) -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek(), c != 0x0A, c != 0x0D else { throw syntax("unterminated string") }
            pos += 1
            switch c {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try parseEscape(into: &out)
            default:
                try checkControl(c)
                out.append(c)
            }
        }
    }

    /// `"""..."""`: escapes, newlines, a first newline trimmed, `\` at end of line joins lines.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        pos += 3
        _ = newline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw syntax("unterminated multi-line string") }
            if c == UInt8(ascii: "\"") && startsWith("\"\"\"") {
                return String(decoding: out + closingQuotes(UInt8(ascii: "\"")), as: UTF8.self)
            }
            if newline() {
                out.append(0x0A)
                continue
            }
            pos += 1
            if c == UInt8(ascii: "\\") && isLineEndingBackslash() {
                try skipBlank()
                continue
            }
            if c == UInt8(ascii: "\\") {
                try parseEscape(into: &out)
            } else {
                try checkControl(c)
                out.append(c)
            }
        }
    }

    /// `'...'`: taken as written.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        pos += 1
        let start = pos
        while true {
            guard let c = peek(), c != 0x0A, c != 0x0D else { throw syntax("unterminated string") }
            if c == UInt8(ascii: "'") { break }
            try checkControl(c)
            pos += 1
        }
        pos += 1
        return String(decoding: bytes[start..<(pos - 1)], as: UTF8.self)
    }

    /// `'''...'''`: taken as written, newlines kept, a first newline trimmed.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        pos += 3
        _ = newline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw syntax("unterminated multi-line string") }
            if c == UInt8(ascii: "'") && startsWith("'''") {
                return String(decoding: out + closingQuotes(UInt8(ascii: "'")), as: UTF8.self)
            }
            if newline() {
                out.append(0x0A)
                continue
            }
            try checkControl(c)
            out.append(c)
            pos += 1
        }
    }

    /// At a run of 3 to 5 quotes: consumes them and returns the 0 to 2 that belong to the content.
    mutating func closingQuotes(_ quote: UInt8) -> [UInt8] {
        var count = 0
        while peek() == quote, count < 5 {
            pos += 1
            count += 1
        }
        return Array(repeating: quote, count: count - 3)
    }

    /// After a `\` in a multi-line string: only spaces up to the end of the line.
    func isLineEndingBackslash() -> Bool {
        var i = pos
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i < bytes.count && (bytes[i] == 0x0A || (bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A))
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(TOMLError) {
        guard let c = peek() else { throw syntax("unterminated string") }
        pos += 1
        switch c {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "u") ? 4 : 8
            guard pos + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[pos..<(pos + count)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else { throw syntax("invalid unicode escape") }
            pos += count
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw syntax("invalid escape '\\\(Character(Unicode.Scalar(c)))'")
        }
    }

    func checkControl(_ c: UInt8) throws(TOMLError) {
        if (c < 0x20 && c != 0x09) || c == 0x7F { throw syntax("control character in string") }
    }
}
