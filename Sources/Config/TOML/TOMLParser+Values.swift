extension TOMLParser {
    /// Parses the value that starts here; the node's line is where the value starts.
    mutating func parseValue() throws(TOMLError) -> TOMLNode {
        let valueLine = line
        guard let c = peek() else { throw syntax("expected a value, found end of file") }
        let value: TOMLValue
        switch c {
        case UInt8(ascii: "\""):
            value = .string(startsWith("\"\"\"") ? try parseMultilineBasicString() : try parseBasicString())
        case UInt8(ascii: "'"):
            value = .string(startsWith("'''") ? try parseMultilineLiteralString() : try parseLiteralString())
        case UInt8(ascii: "["):
            value = .array(try parseArray())
        case UInt8(ascii: "{"):
            value = .table(try parseInlineTable())
        case UInt8(ascii: "t") where startsWith("true"):
            pos += 4
            value = .boolean(true)
        case UInt8(ascii: "f") where startsWith("false"):
            pos += 5
            value = .boolean(false)
        default:
            value = try parseNumberOrDate()
        }
        return TOMLNode(value, line: valueLine)
    }

    mutating func parseArray() throws(TOMLError) -> [TOMLNode] {
        pos += 1
        var elements: [TOMLNode] = []
        while true {
            try skipBlank()
            if peek() == UInt8(ascii: "]") {
                pos += 1
                return elements
            }
            elements.append(try parseValue())
            try skipBlank()
            if peek() == UInt8(ascii: ",") {
                pos += 1
            } else if peek() != UInt8(ascii: "]") {
                throw syntax("expected ',' or ']' in array, found \(describeNext())")
            }
        }
    }

    /// Spaces, comments and newlines, as allowed inside arrays.
    mutating func skipBlank() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            if !newline() { return }
        }
    }

    mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        pos += 1
        var table = TOMLTable(kind: .inline)
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return table
        }
        while true {
            skipSpaces()
            let (key, node) = try parseKeyValue()
            insert(node, at: key[...], into: &table, prefix: [])
            skipSpaces()
            if peek() == UInt8(ascii: "}") {
                pos += 1
                return table
            }
            // TOML 1.0: inline tables are one line and take no trailing comma.
            try expect(",", "expected ',' or '}' in inline table")
        }
    }

    // MARK: Numbers and dates

    mutating func parseNumberOrDate() throws(TOMLError) -> TOMLValue {
        let start = pos
        while let c = peek(), Self.isTokenChar(c) { pos += 1 }
        // A local date followed by a space and a time is one date-time (RFC 3339 allows the space).
        if pos - start == 10, peek() == 0x20, let next = peek(1), next >= 0x30 && next <= 0x39 {
            pos += 1
            while let c = peek(), Self.isTokenChar(c) { pos += 1 }
        }
        let token = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard !token.isEmpty else { throw syntax("expected a value, found \(describeNext())") }
        if let value = Self.number(token) ?? Self.dateTime(token) { return value }
        pos = start
        throw syntax("invalid value '\(token)'")
    }

    static func isTokenChar(_ c: UInt8) -> Bool {
        isBareKeyChar(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
    }

    static func number(_ token: String) -> TOMLValue? {
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = String(first)
            body = body.dropFirst()
        }
        switch body {
        case "inf": return .float(sign == "-" ? -.infinity : .infinity)
        case "nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            let digits = body.dropFirst(2)
            guard sign.isEmpty, underscoresValid(digits, radix: radix),
                  let value = Int64(digits.filter { $0 != "_" }, radix: radix) else { return nil }
            return .integer(value)
        }
        let isFloat = body.contains { $0 == "." || $0 == "e" || $0 == "E" }
        guard underscoresValid(body, radix: 10) else { return nil }
        let plain = body.filter { $0 != "_" }
        // The integer part has no leading zeros; a '.' has digits on both sides.
        let intPart = plain.prefix { $0.isASCII && $0.isNumber }
        guard !intPart.isEmpty, intPart == "0" || !intPart.hasPrefix("0") else { return nil }
        if isFloat {
            let chars = Array(plain)
            for (i, c) in chars.enumerated() where c == "." {
                guard i + 1 < chars.count, chars[i + 1].isNumber else { return nil }
            }
            return Double(sign + plain).map { .float($0) }
        }
        guard intPart.count == plain.count else { return nil }
        return Int64(sign + plain).map { .integer($0) }
    }

    /// Every '_' sits between two digits of the radix.
    static func underscoresValid(_ text: Substring, radix: Int) -> Bool {
        let chars = Array(text)
        guard !chars.isEmpty else { return false }
        for (i, c) in chars.enumerated() where c == "_" {
            guard i > 0, i + 1 < chars.count, chars[i - 1].hexDigitValue.map({ $0 < radix }) == true,
                  chars[i + 1].hexDigitValue.map({ $0 < radix }) == true else { return false }
        }
        return true
    }

    /// Offset/local date-times, local dates and local times, checked for shape and kept as text.
    static func dateTime(_ token: String) -> TOMLValue? {
        let shape = String(token.map { $0.isNumber ? "9" : $0 })
        let date = "9999-99-99"
        let time = "99:99:99"
        var rest = Substring(shape)
        var sawPart = false
        if rest.hasPrefix(date) {
            rest = rest.dropFirst(date.count)
            sawPart = true
            if let sep = rest.first, sep == "T" || sep == "t" || sep == " " { rest = rest.dropFirst() } else { return rest.isEmpty ? .dateTime(token) : nil }
        }
        guard rest.hasPrefix(time) else { return nil }
        rest = rest.dropFirst(time.count)
        if rest.hasPrefix(".") {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0 == "9" }
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
        }
        if sawPart, rest == "Z" || rest == "z" || rest == "+99:99" || rest == "-99:99" { rest = "" }
        return rest.isEmpty ? .dateTime(token) : nil
    }
}
