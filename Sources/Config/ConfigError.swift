/// One configuration error: where (file and 1-based line, 0 = not from a file line, e.g. `--set #1`),
/// which key (dotted path, may be empty) and what is wrong.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var key: String
    public var message: String

    public init(file: String, line: Int, key: String = "", message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`; the line is left out when 0 and the key when empty.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// All errors found while loading, sorted by file then line; thrown once, at the end of loading.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) { self.errors = errors }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects errors while loading goes on, so every mistake is reported in one go.
public final class ConfigDiagnostics {
    public private(set) var errors: [ConfigError] = []

    public init() {}

    public func add(_ error: ConfigError) {
        if !errors.contains(error) { errors.append(error) }
    }

    public func add(file: String, line: Int, key: String = "", message: String) {
        add(ConfigError(file: file, line: line, key: key, message: message))
    }

    /// Throws every error collected, sorted by file then line (insertion order within a line).
    public func throwIfAny() throws(ConfigErrors) {
        guard !errors.isEmpty else { return }
        let sorted = errors.enumerated().sorted { a, b in
            (a.element.file, a.element.line, a.offset) < (b.element.file, b.element.line, b.offset)
        }
        throw ConfigErrors(sorted.map(\.element))
    }
}
