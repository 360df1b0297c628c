import Foundation

/// Reads and parses one configuration file, turning TOML errors into `ConfigError`s.
enum ConfigDocument {
    /// The root table of the file at `path`, or nil when it cannot be read or has a syntax error
    /// (a half-read file would only add misleading errors). Duplicate keys are reported and the
    /// rest is still returned.
    static func load(_ path: String, diagnostics: ConfigDiagnostics) -> TOMLTable? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.add(file: path, line: 0, message: "cannot read file")
            return nil
        }
        return parse(String(decoding: data, as: UTF8.self), file: path, diagnostics: diagnostics)
    }

    static func parse(_ text: String, file: String, diagnostics: ConfigDiagnostics) -> TOMLTable? {
        let result = TOMLParser.parse(text)
        for error in result.errors {
            diagnostics.add(file: file, line: error.line, key: error.key, message: error.message)
        }
        return result.complete ? result.table : nil
    }

    /// Loads `path` and runs `read` on its root table, then reports the keys `read` did not ask for.
    static func read<T>(_ path: String, diagnostics: ConfigDiagnostics, _ read: (TableReader) -> T) -> T? {
        guard let root = load(path, diagnostics: diagnostics) else { return nil }
        let reader = TableReader(root, path: [], file: path, line: 0, diagnostics: diagnostics)
        let result = read(reader)
        reader.finish()
        return result
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// `undefined bus 'feild' (did you mean 'field'?)`, or with the defined names listed;
/// `place` (`on board 'rpi4'`) follows the name.
func undefinedMessage(_ what: String, _ name: String, _ place: String = "", defined: [String]) -> String {
    let head = "undefined \(what) '\(name)'" + (place.isEmpty ? "" : " " + place)
    if let suggestion = closestMatch(to: name, in: defined) { return "\(head) (did you mean '\(suggestion)'?)" }
    if defined.isEmpty { return "\(head) (none defined)" }
    let shown = defined.prefix(8).joined(separator: ", ") + (defined.count > 8 ? ", ..." : "")
    return "\(head) (defined: \(shown))"
}

/// Folder and base-name operations on plain path strings, so relative paths stay relative in messages.
enum ConfigPath {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func parent(of directory: String) -> String {
        if directory == "." { return ".." }
        return self.directory(of: directory)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `Boards/rpi4.toml` -> `rpi4`.
    static func baseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".toml") ? String(name.dropLast(5)) : name
    }
}
