import Foundation

/// Strict TOML -> `Codable` for data files whose shape is a Swift type (plant descriptions,
/// scenarios): every key must be one the type reads, with errors as `file:line: key: message`.
///
/// The document goes through `JSONDecoder` (so the type keeps plain `Codable`), and the
/// decoded value is encoded again: a key in the file that does not come back is one the
/// type never read, i.e. a typo, reported with its line like the hand-written loaders do.
public enum TOMLDecoding {
    public static func decode<T: Codable>(_ type: T.Type, from path: String) throws(ConfigErrors) -> T {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(file: path, line: 0, message: "cannot read file: \(error.localizedDescription)")])
        }
        return try decode(type, text: text, file: path)
    }

    public static func decode<T: Codable>(_ type: T.Type, text: String, file: String) throws(ConfigErrors) -> T {
        let parsed = TOMLParser.parse(text)
        guard parsed.errors.isEmpty else {
            throw ConfigErrors(parsed.errors.map { ConfigError(file: file, line: $0.line, key: $0.key, message: $0.message) })
        }
        let value: T
        do {
            let data = try JSONSerialization.data(withJSONObject: foundation(.table(parsed.table)))
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ConfigErrors([describe(error, in: parsed.table, file: file)])
        } catch {
            throw ConfigErrors([ConfigError(file: file, line: 0, message: "\(error)")])
        }
        var unknown: [ConfigError] = []
        if let encoded = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) {
            findUnknown(parsed.table, encoded, path: [], file: file, into: &unknown)
        }
        guard unknown.isEmpty else { throw ConfigErrors(unknown.sorted { $0.line < $1.line }) }
        return value
    }

    /// The TOML tree as JSON-compatible Foundation values (date-times as strings).
    static func foundation(_ value: TOMLValue) -> Any {
        switch value {
        case .string(let text), .dateTime(let text): text
        case .integer(let number): number
        case .float(let number): number
        case .boolean(let flag): flag
        case .array(let nodes): nodes.map { foundation($0.value) }
        case .table(let table):
            Dictionary(uniqueKeysWithValues: table.keys.compactMap { key in table[key].map { (key, foundation($0.value)) } })
        }
    }

    private static func findUnknown(_ table: TOMLTable, _ encoded: Any, path: [String], file: String,
                                    into errors: inout [ConfigError]) {
        guard let known = encoded as? [String: Any] else { return }
        for key in table.keys {
            guard let node = table[key] else { continue }
            let keyPath = (path + [key]).joined(separator: ".")
            guard let inner = known[key] else {
                let suggestion = closestMatch(to: key, in: Array(known.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                errors.append(ConfigError(file: file, line: node.line, key: keyPath, message: "unknown key\(suggestion)"))
                continue
            }
            switch node.value {
            case .table(let child):
                findUnknown(child, inner, path: path + [key], file: file, into: &errors)
            case .array(let nodes):
                guard let items = inner as? [Any] else { continue }
                for (index, (item, node)) in zip(items, nodes).enumerated() {
                    if case .table(let child) = node.value {
                        findUnknown(child, item, path: path + ["\(key)[\(index)]"], file: file, into: &errors)
                    }
                }
            default:
                continue
            }
        }
    }

    private static func describe(_ error: DecodingError, in table: TOMLTable, file: String) -> ConfigError {
        let (path, message): ([CodingKey], String) = switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key], "missing required key")
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(typeName(type))")
        case .valueNotFound(let type, let context): (context.codingPath, "expected \(typeName(type))")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        let keys = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        let keyPath = keys.reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
        return ConfigError(file: file, line: line(of: path, in: table), key: keyPath, message: message)
    }

    /// The line of the deepest node of `path` that exists in the file (its table for a missing key).
    private static func line(of path: [CodingKey], in table: TOMLTable) -> Int {
        var current = TOMLValue.table(table)
        var line = 0
        for key in path {
            let next: TOMLNode? = switch current {
            case .table(let table): table[key.stringValue]
            case .array(let nodes): key.intValue.flatMap { nodes.indices.contains($0) ? nodes[$0] : nil }
            default: nil
            }
            guard let next else { break }
            line = next.line
            current = next.value
        }
        return line
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        default: "\(type)"
        }
    }
}
