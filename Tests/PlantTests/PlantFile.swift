import Foundation
import Plant

/// Loads the plant files in `Simulator/plants/` for tests. The module under test reads no TOML
/// (floc-sim decodes the files with Config's parser); this reads just the subset the plant files
/// use (tables with quoted keys, numbers, strings, arrays of numbers over several lines) into
/// JSON and decodes that, so the tests check the file itself against the description type.
enum PlantFile {
    struct Malformed: Error, CustomStringConvertible {
        let line: Int, text: String
        var description: String { "plant file line \(line): cannot read \(text)" }
    }

    static func url(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Simulator/plants/\(name)")
    }

    static func container(_ name: String = "container.toml") throws -> ContainerPlantDescription {
        let data = try JSONSerialization.data(withJSONObject: table(try String(contentsOf: url(name), encoding: .utf8)))
        return try JSONDecoder().decode(ContainerPlantDescription.self, from: data)
    }

    static func table(_ text: String) throws -> [String: Any] {
        var root: [String: Any] = [:]
        var path: [String] = []
        var pending = "", pendingLine = 0
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty && pending.isEmpty { continue }
            if pending.isEmpty, line.hasPrefix("[") {
                path = splitKey(String(line.dropFirst().dropLast()))
                continue
            }
            // floc-sim's [emulator] tables (inline tables included) are not the model's.
            if path.first == "emulator" { continue }
            if pending.isEmpty { pendingLine = number + 1 }
            pending += line
            guard pending.filter({ $0 == "[" }).count == pending.filter({ $0 == "]" }).count else { continue }
            guard let equals = pending.firstIndex(of: "=") else { throw Malformed(line: pendingLine, text: pending) }
            let key = pending[..<equals].trimmingCharacters(in: .whitespaces)
            let value = try parse(pending[pending.index(after: equals)...].trimmingCharacters(in: .whitespaces), line: pendingLine)
            insert(value, at: path + splitKey(key), into: &root)
            pending = ""
        }
        return root
    }

    private static func stripComment(_ line: String) -> String {
        var quoted = false
        for (i, c) in line.enumerated() {
            if c == "\"" { quoted.toggle() }
            if c == "#", !quoted { return String(line.prefix(i)) }
        }
        return line
    }

    private static func splitKey(_ key: String) -> [String] {
        var parts: [String] = [], current = "", quoted = false
        for c in key {
            if c == "\"" { quoted.toggle() } else if c == ".", !quoted { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func parse(_ value: String, line: Int) throws -> Any {
        if value.hasPrefix("\"") { return String(value.dropFirst().dropLast()) }
        if value.hasPrefix("[") {
            return try value.dropFirst().dropLast().split(separator: ",").map {
                try parse($0.trimmingCharacters(in: .whitespaces), line: line)
            }
        }
        if value == "true" || value == "false" { return value == "true" }
        guard let number = Double(value.replacingOccurrences(of: "_", with: "")) else { throw Malformed(line: line, text: value) }
        return number
    }

    private static func insert(_ value: Any, at path: [String], into table: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 { table[first] = value; return }
        var child = table[first] as? [String: Any] ?? [:]
        insert(value, at: Array(path.dropFirst()), into: &child)
        table[first] = child
    }
}
