/// The console's commands by name, with completion and "did you mean".
public struct CommandRegistry: Sendable {
    public private(set) var commands: [ConsoleCommand]

    public init(_ commands: [ConsoleCommand]) {
        self.commands = commands.sorted { $0.name < $1.name }
    }

    /// Every built-in and unit command.
    public static let standard = CommandRegistry(BuiltinCommands.all + UnitCommands.all)

    public func command(named name: String) -> ConsoleCommand? {
        commands.first { $0.name == name }
    }

    /// Adds or replaces a command.
    public mutating func register(_ command: ConsoleCommand) {
        commands.removeAll { $0.name == command.name }
        commands.append(command)
        commands.sort { $0.name < $1.name }
    }

    /// Known command names close to a mistyped one (prefix or at most two edits), best first.
    public func suggestions(for typed: String) -> [String] {
        let word = typed.lowercased()
        let scored = commands.compactMap { command -> (String, Int)? in
            if command.name.hasPrefix(word) && !word.isEmpty { return (command.name, 0) }
            let distance = Self.editDistance(word, command.name)
            return distance <= 2 ? (command.name, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Candidates for the word ending `textBeforeCursor`: command names for the first word,
    /// then what the command's argument spec offers.
    public func completions(_ textBeforeCursor: String, role: ConsoleRole, backend: any ConsoleBackend) -> [String] {
        let words = textBeforeCursor.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let position = textBeforeCursor.hasSuffix(" ") || words.isEmpty ? words.count : words.count - 1
        if position == 0 {
            return commands.filter { $0.minimumRole <= role }.map(\.name)
        }
        guard let command = command(named: words[0]), command.minimumRole <= role else { return [] }
        let index = position - 1
        let spec: ConsoleArgument
        if index < command.arguments.count {
            spec = command.arguments[index]
        } else if case .names(let kind)? = command.arguments.last {
            spec = .names(kind)
        } else {
            return []
        }
        switch spec {
        case .keyword(let words): return words
        case .name(let kind), .names(let kind): return backend.names(kind)
        case .value: return []
        }
    }

    /// Levenshtein distance; names are short, so the quadratic table is fine.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
