/// A TOML 1.0 parser that keeps the line of every key and value.
///
/// Syntax errors stop the parse (one error); structure errors (a key or table defined
/// twice, a key that is already a value) are collected and parsing goes on, so a file
/// with two mistakes reports both.
public struct TOMLParser {
    let bytes: [UInt8]
    var pos = 0
    var line = 1
    var errors: [TOMLError] = []

    init(_ text: String) { bytes = Array(text.utf8) }

    /// Parses a whole document. `errors` is empty when the document is valid TOML; `complete`
    /// is false after a syntax error, when `table` holds only what came before it.
    public static func parse(_ text: String) -> (table: TOMLTable, errors: [TOMLError], complete: Bool) {
        var parser = TOMLParser(text)
        var root = TOMLTable(kind: .header)
        do {
            try parser.parseDocument(into: &root)
        } catch {
            parser.errors.append(error)
            return (root, parser.errors, false)
        }
        return (root, parser.errors, true)
    }

    /// Parses one value (`1.5`, `"text"`, `[1, 2]`, `{ a = 1 }`) that must fill `text`; nil if it is not one.
    public static func parseValue(_ text: String) -> TOMLValue? {
        var parser = TOMLParser(text)
        guard let node = try? parser.parseValue(), parser.errors.isEmpty else { return nil }
        parser.skipSpaces()
        return parser.atEnd ? node.value : nil
    }

    /// Parses a dotted key (`buses.plant.port`, `pins."P1-11"`) that must fill `text`; nil if it is not one.
    public static func parseKey(_ text: String) -> [String]? {
        var parser = TOMLParser(text)
        parser.skipSpaces()
        guard let key = try? parser.parseDottedKey() else { return nil }
        parser.skipSpaces()
        return parser.atEnd ? key : nil
    }

    // MARK: Document

    mutating func parseDocument(into root: inout TOMLTable) throws(TOMLError) {
        // The table key/values go to; nil after a rejected header, so its keys are dropped.
        var current: [String]? = []
        var scratch = TOMLTable()
        while true {
            skipSpaces()
            guard let c = peek() else { return }
            if c == UInt8(ascii: "[") {
                current = try parseHeader(into: &root)
            } else if c != UInt8(ascii: "#") && c != UInt8(ascii: "\n") && c != UInt8(ascii: "\r") {
                let (key, node) = try parseKeyValue()
                if let path = current {
                    try Self.withTable(&root, path[...], line: node.line, prefix: []) { (table: inout TOMLTable) throws(TOMLError) in
                        insert(node, at: key[...], into: &table, prefix: path)
                    }
                } else {
                    insert(node, at: key[...], into: &scratch, prefix: [])
                }
            }
            try endOfLine()
        }
    }

    /// Parses `[a.b]` or `[[a.b]]` and defines the table; returns its path, or nil if it was rejected.
    mutating func parseHeader(into root: inout TOMLTable) throws(TOMLError) -> [String]? {
        let headerLine = line
        pos += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { pos += 1 }
        skipSpaces()
        let key = try parseDottedKey()
        skipSpaces()
        try expect("]", "expected ']' to close table header")
        if isArray { try expect("]", "expected ']]' to close array-of-tables header") }
        let name = tomlKeyPath(key)
        var accepted = true
        try Self.withTable(&root, key.dropLast(), line: headerLine, prefix: []) { (parent: inout TOMLTable) throws(TOMLError) in
            let last = key[key.count - 1]
            guard let existing = parent[last] else {
                let table = TOMLNode(.table(TOMLTable(kind: .header)), line: headerLine)
                if isArray {
                    var array = TOMLNode(.array([table]), line: headerLine)
                    array.isTableArray = true
                    parent[last] = array
                } else {
                    parent[last] = table
                }
                return
            }
            switch existing.value {
            case .array(var elements) where isArray && existing.isTableArray:
                elements.append(TOMLNode(.table(TOMLTable(kind: .header)), line: headerLine))
                parent[last]!.value = .array(elements)
            case .table(var table) where !isArray && table.kind == .implicit:
                table.kind = .header
                parent[last] = TOMLNode(.table(table), line: headerLine)
            case .table:
                errors.append(TOMLError(line: headerLine, key: name,
                                        message: "table defined twice (first at line \(existing.line))"))
                accepted = false
            default:
                errors.append(TOMLError(line: headerLine, key: name,
                                        message: "already defined as \(existing.value.typeName) at line \(existing.line)"))
                accepted = false
            }
        }
        return accepted ? key : nil
    }

    /// Runs `body` on the table at `path`, creating implicit tables on the way and entering
    /// the last element of arrays of tables (headers may extend those, not inline tables).
    static func withTable(_ table: inout TOMLTable, _ path: ArraySlice<String>, line: Int, prefix: [String],
                            _ body: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        guard let key = path.first else { return try body(&table) }
        let here = prefix + [key]
        guard var node = table[key] else {
            var child = TOMLTable(kind: .implicit)
            try withTable(&child, path.dropFirst(), line: line, prefix: here, body)
            table[key] = TOMLNode(.table(child), line: line)
            return
        }
        switch node.value {
        case .table(var child) where child.kind != .inline:
            try withTable(&child, path.dropFirst(), line: line, prefix: here, body)
            node.value = .table(child)
        case .array(var elements) where node.isTableArray:
            guard case .table(var child) = elements[elements.count - 1].value else { return }
            try withTable(&child, path.dropFirst(), line: line, prefix: here, body)
            elements[elements.count - 1].value = .table(child)
            node.value = .array(elements)
        default:
            throw TOMLError(line: line, key: tomlKeyPath(here),
                            message: "cannot add to \(node.value.typeName) defined at line \(node.line)")
        }
        table[key] = node
    }

    /// Stores `node` under a dotted key, creating dotted tables; a key set twice is an error
    /// at the second line, and the second value is dropped.
    mutating func insert(_ node: TOMLNode, at key: ArraySlice<String>, into table: inout TOMLTable, prefix: [String]) {
        let first = key[key.startIndex]
        let here = prefix + [first]
        if key.count == 1 {
            if let existing = table[first] {
                errors.append(TOMLError(line: node.line, key: tomlKeyPath(here),
                                        message: "key defined twice (first at line \(existing.line))"))
            } else {
                table[first] = node
            }
            return
        }
        var child: TOMLTable
        switch table[first]?.value {
        case nil:
            child = TOMLTable(kind: .dotted)
        case .table(let existing) where existing.kind == .dotted:
            child = existing
        case .some(let value):
            errors.append(TOMLError(line: node.line, key: tomlKeyPath(here),
                                    message: "cannot add keys to \(value.typeName) defined at line \(table[first]!.line)"))
            return
        }
        insert(node, at: key.dropFirst(), into: &child, prefix: here)
        table[first] = TOMLNode(.table(child), line: table[first]?.line ?? node.line)
    }

    // MARK: Keys

    /// `key = value`; the node's line is the key's.
    mutating func parseKeyValue() throws(TOMLError) -> (key: [String], node: TOMLNode) {
        let keyLine = line
        let key = try parseDottedKey()
        skipSpaces()
        try expect("=", "expected '=' after key '\(tomlKeyPath(key))'")
        skipSpaces()
        var node = try parseValue()
        node.line = keyLine
        return (key, node)
    }

    mutating func parseDottedKey() throws(TOMLError) -> [String] {
        var parts = [try parseSimpleKey()]
        while true {
            let save = pos
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else {
                pos = save
                return parts
            }
            pos += 1
            skipSpaces()
            parts.append(try parseSimpleKey())
        }
    }

    mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { throw syntax("a key cannot be a multi-line string") }
            return try parseBasicString()
        case UInt8(ascii: "'"):
            if startsWith("'''") { throw syntax("a key cannot be a multi-line string") }
            return try parseLiteralString()
        default:
            let start = pos
            while let c = peek(), Self.isBareKeyChar(c) { pos += 1 }
            guard pos > start else { throw syntax("expected a key, found \(describeNext())") }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }
    }

    static func isBareKeyChar(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
    }

    // MARK: Cursor

    var atEnd: Bool { pos >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }

    func startsWith(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard pos + count <= bytes.count else { return false }
        return text.withUTF8Buffer { buffer in (0..<count).allSatisfy { bytes[pos + $0] == buffer[$0] } }
    }

    mutating func skipSpaces() {
        while let c = peek(), c == 0x20 || c == 0x09 { pos += 1 }
    }

    /// Skips a comment if one starts here; control characters other than tab are not allowed in it.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let c = peek(), c != 0x0A {
            if c == 0x0D && peek(1) == 0x0A { return }
            if (c < 0x20 && c != 0x09) || c == 0x7F { throw syntax("control character in comment") }
            pos += 1
        }
    }

    /// Consumes one newline (LF or CRLF); false if there is none here.
    mutating func newline() -> Bool {
        if peek() == 0x0A {
            pos += 1
        } else if peek() == 0x0D && peek(1) == 0x0A {
            pos += 2
        } else {
            return false
        }
        line += 1
        return true
    }

    /// After a key/value or header: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        try skipComment()
        if atEnd || newline() { return }
        throw syntax("expected end of line, found \(describeNext())")
    }

    mutating func expect(_ char: Unicode.Scalar, _ message: String) throws(TOMLError) {
        guard peek() == UInt8(ascii: char) else { throw syntax("\(message), found \(describeNext())") }
        pos += 1
    }

    func describeNext() -> String {
        guard let c = peek() else { return "end of file" }
        if c == 0x0A || c == 0x0D { return "end of line" }
        var end = pos
        while end < bytes.count, end - pos < 12, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return "'\(String(decoding: bytes[pos..<end], as: UTF8.self))'"
    }

    func syntax(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
}
