import Foundation
import Synchronization

/// Console users and their password hashes, kept in a JSON file written atomically with mode 0600.
///
/// There is no default user or password: the first one is added with `floc user add`. The file is
/// re-read when it changes on disk, so users added by that command count at once in a running daemon.
public final class UserStore: Sendable {
    public struct Record: Sendable, Equatable, Codable {
        public var name: String
        public var role: ConsoleRole
        public var password: PasswordHash
    }

    struct Document: Codable {
        var version = 1
        var users: [Record]
    }

    /// Shortest password accepted.
    public static let minimumPasswordLength = 6

    public let path: String
    public let hasher: PasswordHasher
    private let state = Mutex<(records: [Record], stamp: UserStoreFile.Stamp?)>(([], nil))
    /// Derived once: checked against when a name is unknown, so both answers take as long.
    private let decoy: PasswordHash

    /// Opens the store at `path` (a missing file is an empty store). Throws `.file` when it cannot be parsed.
    public init(path: String, hasher: PasswordHasher = PasswordHasher()) throws(UserStoreError) {
        self.path = path
        self.hasher = hasher
        decoy = hasher.hash("\(UInt64.random(in: .min ... .max))")
        try reloadIfChanged()
    }

    /// The users, sorted by name.
    public func list() throws(UserStoreError) -> [ConsoleUser] {
        try reloadIfChanged()
        return state.withLock { $0.records }.map { ConsoleUser(name: $0.name, role: $0.role) }
            .sorted { $0.name < $1.name }
    }

    /// Adds a user with a fresh salted hash of `password`.
    public func add(name: String, role: ConsoleRole, password: String) throws(UserStoreError) {
        try Self.check(name: name)
        try Self.check(password: password)
        let hash = hasher.hash(password)
        try modify { records throws(UserStoreError) in
            guard !records.contains(where: { $0.name == name }) else { throw .userExists(name) }
            records.append(Record(name: name, role: role, password: hash))
        }
    }

    /// Replaces the password of `name`.
    public func setPassword(name: String, password: String) throws(UserStoreError) {
        try Self.check(password: password)
        let hash = hasher.hash(password)
        try modify { records throws(UserStoreError) in
            guard let index = records.firstIndex(where: { $0.name == name }) else { throw .noSuchUser(name) }
            records[index].password = hash
        }
    }

    /// Changes the role of `name`.
    public func setRole(name: String, role: ConsoleRole) throws(UserStoreError) {
        try modify { records throws(UserStoreError) in
            guard let index = records.firstIndex(where: { $0.name == name }) else { throw .noSuchUser(name) }
            records[index].role = role
        }
    }

    /// Removes `name`.
    public func remove(name: String) throws(UserStoreError) {
        try modify { records throws(UserStoreError) in
            guard let index = records.firstIndex(where: { $0.name == name }) else { throw .noSuchUser(name) }
            records.remove(at: index)
        }
    }

    /// The user when `password` is right, nil otherwise (also for unknown names, in the same time).
    public func verify(name: String, password: String) -> ConsoleUser? {
        try? reloadIfChanged()
        guard let record = state.withLock({ $0.records.first { $0.name == name } }) else {
            _ = PasswordHasher.verify(password, against: decoy)
            return nil
        }
        guard PasswordHasher.verify(password, against: record.password) else { return nil }
        return ConsoleUser(name: record.name, role: record.role)
    }

    private func modify(_ change: (inout [Record]) throws(UserStoreError) -> Void) throws(UserStoreError) {
        try reloadIfChanged()
        var records = state.withLock { $0.records }
        try change(&records)
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            data = try encoder.encode(Document(users: records))
        } catch {
            throw .file("\(path): cannot encode users: \(error)")
        }
        try UserStoreFile.writeAtomically(data, to: path)
        let stamp = UserStoreFile.stamp(path)
        state.withLock { $0 = (records, stamp) }
    }

    private func reloadIfChanged() throws(UserStoreError) {
        let stamp = UserStoreFile.stamp(path)
        if stamp == state.withLock({ $0.stamp }) { return }
        guard stamp != nil else {
            state.withLock { $0 = ([], nil) }
            return
        }
        let data = try UserStoreFile.read(path)
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw .file("\(path): not a Floc user file: \(error)")
        }
        state.withLock { $0 = (document.users, stamp) }
    }

    static func check(name: String) throws(UserStoreError) {
        // Lowercase ASCII, or Chinese (CJK unified ideographs, without the extensions beyond the BMP):
        // names a technician can type on any console, with no look-alike letters of other scripts.
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-".unicodeScalars)
        let isHan = { (scalar: Unicode.Scalar) in (0x3400...0x4DBF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) }
        guard (1...32).contains(name.unicodeScalars.count), name.first?.isLetter == true,
              name.unicodeScalars.allSatisfy({ allowed.contains($0) || isHan($0) })
        else { throw .invalidName(name) }
    }

    static func check(password: String) throws(UserStoreError) {
        guard password.count >= minimumPasswordLength else { throw .weakPassword(minimumLength: minimumPasswordLength) }
    }
}
