/// Strict, Klipper-style access to one TOML table: every getter names the key it allows,
/// checks type and range, and records errors instead of throwing; `finish()` then reports
/// every key nobody asked for as a typo.
public final class TableReader {
    public let table: TOMLTable
    /// Key path of the table from the document root (`buses.field`).
    public let path: [String]
    /// The table's own place, for errors about missing keys.
    public let file: String
    public let line: Int
    public let diagnostics: ConfigDiagnostics
    /// Keys asked for, in order: the allowed keys for `finish()`.
    public private(set) var asked: [String] = []
    private var children: [TableReader] = []

    public init(_ table: TOMLTable, path: [String], file: String, line: Int, diagnostics: ConfigDiagnostics) {
        self.table = table
        self.path = path
        self.file = file
        self.line = line
        self.diagnostics = diagnostics
    }

    /// A reader for a table node; its place is the node's origin (an override) or `documentFile`.
    convenience init(_ node: TOMLNode, table: TOMLTable, path: [String], documentFile: String, diagnostics: ConfigDiagnostics) {
        self.init(table, path: path, file: node.origin ?? documentFile, line: node.origin == nil ? node.line : 0,
                  diagnostics: diagnostics)
    }

    /// The full dotted key of `key` in this table, as shown in messages.
    public func keyPath(_ key: String) -> String { tomlKeyPath(path + [key]) }

    /// The node under `key`, marking the key as allowed.
    public func node(_ key: String) -> TOMLNode? {
        if !asked.contains(key) { asked.append(key) }
        return table[key]
    }

    /// Reports an error about `key`: at its node's line, or at the table's line when the key is absent.
    public func error(_ key: String, _ message: String, at node: TOMLNode? = nil) {
        if let node, let origin = node.origin {
            diagnostics.add(file: origin, line: 0, key: keyPath(key), message: message)
        } else {
            diagnostics.add(file: file, line: node?.line ?? line, key: keyPath(key), message: message)
        }
    }

    /// Reports an error about the table itself.
    public func tableError(_ message: String) {
        diagnostics.add(file: file, line: line, key: tomlKeyPath(path), message: message)
    }

    public func wrongType(_ key: String, expected: String, _ node: TOMLNode) {
        error(key, "expected \(expected), found \(node.value.typeName)", at: node)
    }

    public func missing(_ key: String) { error(key, "missing required key") }

    // MARK: Getters

    /// A string; nil (and an error) when absent and `default` is nil, or of the wrong type.
    public func string(_ key: String, default defaultValue: String? = nil) -> String? {
        guard let node = node(key) else {
            if defaultValue == nil { missing(key) }
            return defaultValue
        }
        guard let value = node.string else {
            wrongType(key, expected: "string", node)
            return nil
        }
        return value
    }

    /// A string that may be absent without error.
    public func optionalString(_ key: String) -> String? {
        isAbsent(key) ? nil : string(key)
    }

    /// An enum value that may be absent without error.
    public func optionalChoice<E: RawRepresentable & CaseIterable>(_ key: String) -> E? where E.RawValue == String {
        isAbsent(key) ? nil : choice(key, default: nil)
    }

    /// True when `key` is not in the table; the key is allowed all the same.
    public func isAbsent(_ key: String) -> Bool { node(key) == nil }

    public func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let node = node(key) else { return defaultValue }
        guard let value = node.boolean else {
            wrongType(key, expected: "boolean", node)
            return defaultValue
        }
        return value
    }

    /// An integer within `range` (`unit` shown in the message); `default` nil makes it required.
    public func int(_ key: String, default defaultValue: Int?, range: ClosedRange<Int>, unit: String = "") -> Int? {
        guard let node = node(key) else {
            if defaultValue == nil { missing(key) }
            return defaultValue
        }
        guard let raw = node.integer else {
            wrongType(key, expected: "integer", node)
            return nil
        }
        guard let value = Int(exactly: raw), range.contains(value) else {
            outOfRange(key, "\(raw)", range: "\(range.lowerBound)...\(range.upperBound)", unit: unit, node)
            return nil
        }
        return value
    }

    /// A number (integer or float) within `range`; `default` nil makes it required.
    public func double(_ key: String, default defaultValue: Double?, range: ClosedRange<Double>, unit: String = "") -> Double? {
        guard let node = node(key) else {
            if defaultValue == nil { missing(key) }
            return defaultValue
        }
        guard let value = Self.number(node) else {
            wrongType(key, expected: "number", node)
            return nil
        }
        guard range.contains(value) else {
            outOfRange(key, formatNumber(value), range: "\(formatNumber(range.lowerBound))...\(formatNumber(range.upperBound))",
                       unit: unit, node)
            return nil
        }
        return value
    }

    public static func number(_ node: TOMLNode) -> Double? {
        switch node.value {
        case .integer(let i): Double(i)
        case .float(let d): d
        default: nil
        }
    }

    public func outOfRange(_ key: String, _ value: String, range: String, unit: String, _ node: TOMLNode) {
        error(key, "\(value) is out of range \(range)\(unit.isEmpty ? "" : " " + unit)", at: node)
    }

    /// One of an enum's raw values; the message lists the allowed ones. `default` nil makes it required.
    public func choice<E: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: E?) -> E? where E.RawValue == String {
        guard let text = string(key, default: defaultValue?.rawValue) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            error(key, "'\(text)' is not one of: \(allowed)", at: table[key])
            return nil
        }
        return value
    }

    /// An array of strings, empty when absent.
    public func stringArray(_ key: String) -> [String] {
        guard let node = node(key) else { return [] }
        guard let elements = node.array else {
            wrongType(key, expected: "array of strings", node)
            return []
        }
        return elements.compactMap { element in
            if element.string == nil { wrongType(key, expected: "string", element) }
            return element.string
        }
    }

    // MARK: Sub-tables

    /// The sub-table under `key`, or nil (an error when `required` or of the wrong type).
    public func table(_ key: String, required: Bool = false) -> TableReader? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        return child(key, node)
    }

    /// Every entry of this table as a sub-table (`[buses.*]`), in file order; non-tables are errors.
    public func subtables() -> [(name: String, reader: TableReader)] {
        table.keys.compactMap { key in
            guard let reader = child(key, node(key)!) else { return nil }
            return (key, reader)
        }
    }

    private func child(_ key: String, _ node: TOMLNode) -> TableReader? {
        guard let table = node.table else {
            wrongType(key, expected: "table", node)
            return nil
        }
        let reader = TableReader(node, table: table, path: path + [key], documentFile: file, diagnostics: diagnostics)
        children.append(reader)
        return reader
    }

    /// Reports every key nobody asked for, in this table and the sub-tables read through it.
    public func finish() {
        for child in children { child.finish() }
        for (key, node) in table.entries where !asked.contains(key) {
            let suggestion = closestMatch(to: key, in: asked).map { " (did you mean '\($0)'?)" } ?? ""
            error(key, "unknown key\(suggestion)", at: node)
        }
    }
}

/// `20`, `0.5`, `-1e+30`: integral values without a trailing `.0`.
func formatNumber(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
