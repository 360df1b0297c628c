/// Why a user-store operation failed; the text says what to do.
public enum UserStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case weakPassword(minimumLength: Int)
    case userExists(String)
    case noSuchUser(String)
    /// The file could not be read, parsed or written; `detail` names the file and the cause.
    case file(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid user name '\(name)': use 1-32 of a-z, 0-9, '.', '_', '-', starting with a letter"
        case .weakPassword(let length): "password too short: at least \(length) characters"
        case .userExists(let name): "user '\(name)' already exists"
        case .noSuchUser(let name): "no user '\(name)'"
        case .file(let detail): detail
        }
    }
}
