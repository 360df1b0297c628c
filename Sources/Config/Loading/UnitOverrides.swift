/// `--set table.key=value` overrides, applied to the parsed unit document before it is validated,
/// so an overridden value is checked exactly like one from the file. Errors about an override name
/// it as the file `--set #N` (line 0).
enum UnitOverrides {
    static func apply(_ overrides: [String], to root: inout TOMLTable, diagnostics: ConfigDiagnostics) {
        for (index, text) in overrides.enumerated() {
            let origin = "--set #\(index + 1)"
            guard let equals = text.firstIndex(of: "=") else {
                diagnostics.add(file: origin, line: 0, message: "expected table.key=value, found '\(text)'")
                continue
            }
            let keyText = String(text[..<equals]).trimmingSpaces
            guard let key = TOMLParser.parseKey(keyText) else {
                let problem = keyText.isEmpty ? "empty key" : "invalid key '\(keyText)'"
                diagnostics.add(file: origin, line: 0, message: "\(problem) in '\(text)' (expected table.key=value)")
                continue
            }
            let valueText = String(text[text.index(after: equals)...]).trimmingSpaces
            // A bare word that is not TOML (`--set buses.field.device=/dev/ttyUSB0`) is meant as a string.
            let value = TOMLParser.parseValue(valueText) ?? .string(valueText)
            if let conflict = set(stamped(TOMLNode(value, line: 0), origin: origin), at: key[...], in: &root, prefix: []) {
                diagnostics.add(file: origin, line: 0, key: tomlKeyPath(key), message: conflict)
            }
        }
    }

    /// Stores `node` at `key`, creating tables on the way; returns why it cannot, if it cannot.
    static func set(_ node: TOMLNode, at key: ArraySlice<String>, in table: inout TOMLTable, prefix: [String]) -> String? {
        let first = key[key.startIndex]
        if key.count == 1 {
            table[first] = node
            return nil
        }
        let here = prefix + [first]
        let existing = table[first] ?? TOMLNode(.table(TOMLTable()), line: 0, origin: node.origin)
        guard case .table(var child) = existing.value else {
            return "cannot set a key in '\(tomlKeyPath(here))', which is \(existing.value.typeName == "array" ? "an" : "a") \(existing.value.typeName)"
        }
        let failure = set(node, at: key.dropFirst(), in: &child, prefix: here)
        table[first] = TOMLNode(.table(child), line: existing.line, origin: existing.origin)
        return failure
    }

    /// The node and everything inside it marked as coming from `origin`.
    static func stamped(_ node: TOMLNode, origin: String) -> TOMLNode {
        var node = node
        node.origin = origin
        node.line = 0
        switch node.value {
        case .array(let elements):
            node.value = .array(elements.map { stamped($0, origin: origin) })
        case .table(let table):
            var copy = TOMLTable()
            for (key, child) in table.entries { copy[key] = stamped(child, origin: origin) }
            node.value = .table(copy)
        default:
            break
        }
        return node
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
