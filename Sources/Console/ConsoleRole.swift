/// What a console user may do. Ordered: each role may do everything the roles below it may.
public enum ConsoleRole: Int, Sendable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    /// Read-only: status, show, watch, log.
    case viewer = 0
    /// Setpoints, modes, acknowledge and shelve alarms.
    case `operator` = 1
    /// Calibration, hold/release, manual outputs, hand-off-auto, probe.
    case technician = 2
    /// Configuration, tuning and users.
    case engineer = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name typed and stored: `viewer`, `operator`, `technician`, `engineer`.
    public var description: String {
        switch self {
        case .viewer: "viewer"
        case .operator: "operator"
        case .technician: "technician"
        case .engineer: "engineer"
        }
    }

    /// Parses a stored or typed role name; nil when unknown.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = role
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let role = ConsoleRole(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown role '\(name)'"))
        }
        self = role
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Who is at the console: a user name (or `-` when not logged in) and a role.
public struct ConsoleUser: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var role: ConsoleRole

    public init(name: String, role: ConsoleRole) {
        self.name = name
        self.role = role
    }

    /// The user of a session nobody has logged in to, when read-only access without login is allowed.
    public static let anonymousViewer = ConsoleUser(name: "-", role: .viewer)

    public var description: String { "\(name) (\(role))" }
}
