/// A parsed TOML value; every nested value sits in a `TOMLNode` that knows its line.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// Offset/local date-times, dates and times, kept as written.
    case dateTime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML type name used in messages (`expected integer, found string`).
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A value with where it was written: `line` is 1-based in `origin`'s file
/// (nil = the document's own file); overrides carry their own origin and line 0.
public struct TOMLNode: Sendable, Equatable {
    public var value: TOMLValue
    public var line: Int
    public var origin: String?
    /// An array made by `[[header]]`: only these take more elements from headers.
    var isTableArray = false

    public init(_ value: TOMLValue, line: Int, origin: String? = nil) {
        self.value = value
        self.line = line
        self.origin = origin
    }

    public static func == (lhs: TOMLNode, rhs: TOMLNode) -> Bool {
        lhs.value == rhs.value && lhs.line == rhs.line && lhs.origin == rhs.origin
    }
}

/// A TOML table: keys in the order they were written.
public struct TOMLTable: Sendable, Equatable {
    /// How the table came to be, for TOML's rules on defining a table twice.
    enum Kind: Sendable, Equatable {
        /// Created as the parent of a header or dotted key; a header may still define it once.
        case implicit
        /// Defined by a `[header]` (or `[[header]]` element).
        case header
        /// Created by dotted keys inside another table; no header may define it later.
        case dotted
        /// Written inline (`{ ... }`): closed, nothing may be added.
        case inline
    }

    public private(set) var keys: [String] = []
    private var nodes: [String: TOMLNode] = [:]
    var kind: Kind = .implicit

    public init() {}

    init(kind: Kind) { self.kind = kind }

    public subscript(key: String) -> TOMLNode? {
        get { nodes[key] }
        set {
            if let newValue {
                if nodes[key] == nil { keys.append(key) }
                nodes[key] = newValue
            } else if nodes.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Keys and nodes in file order.
    public var entries: [(key: String, node: TOMLNode)] { keys.map { ($0, nodes[$0]!) } }

    public var isEmpty: Bool { keys.isEmpty }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.keys == rhs.keys && lhs.nodes == rhs.nodes
    }
}

extension TOMLNode {
    public var string: String? { if case .string(let s) = value { s } else { nil } }
    public var integer: Int64? { if case .integer(let i) = value { i } else { nil } }
    public var float: Double? { if case .float(let d) = value { d } else { nil } }
    public var boolean: Bool? { if case .boolean(let b) = value { b } else { nil } }
    public var array: [TOMLNode]? { if case .array(let a) = value { a } else { nil } }
    public var table: TOMLTable? { if case .table(let t) = value { t } else { nil } }
}

/// A TOML syntax or structure error: `line` in the parsed text, `key` when the error is about one.
public struct TOMLError: Error, Sendable, Equatable {
    public var line: Int
    public var key: String
    public var message: String

    public init(line: Int, key: String = "", message: String) {
        self.line = line
        self.key = key
        self.message = message
    }
}

/// Renders a key path the way it would be written in TOML (`pins."P1 11".chip`).
func tomlKeyPath(_ parts: [String]) -> String {
    parts.map { part in
        let bare = !part.isEmpty && part.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
        }
        return bare ? part : "\"\(part)\""
    }.joined(separator: ".")
}
