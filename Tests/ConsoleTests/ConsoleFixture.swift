import Foundation
import HAL
@testable import Console

/// A console environment in a temporary directory: stub unit, a user store with cheap hashes
/// (alice technician, olga operator, erik engineer; password "secret1"), memory audit, manual clock.
struct ConsoleFixture {
    let directory: String
    let clock = ManualClock()
    let audit = MemoryAuditLog()
    let unit = UnitStub()
    let users: UserStore
    let environment: ConsoleEnvironment

    init(settings: ConsoleSettings = ConsoleSettings(), clock override: (any MonotonicClock)? = nil) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("floc-console-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        users = try UserStore(path: directory + "/users.json", hasher: PasswordHasher(iterations: 1000))
        try users.add(name: "alice", role: .technician, password: "secret1")
        try users.add(name: "olga", role: .operator, password: "secret1")
        try users.add(name: "erik", role: .engineer, password: "secret1")
        let time = override ?? clock
        environment = ConsoleEnvironment(backend: unit, users: users, audit: audit, clock: time, settings: settings,
                                         wallClock: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    func session(style: TerminalStyle = .vt100) -> ConsoleSession {
        let session = ConsoleSession(environment: environment, origin: "test", style: style)
        session.start()
        return session
    }
}

extension ConsoleSession {
    /// Types `text` and returns everything written since the last call, as text.
    @discardableResult
    func type(_ text: String) -> String {
        receive(Array(text.utf8))
        return drain()
    }

    func drain() -> String {
        let bytes = output.bytes
        consumeOutput(bytes.count)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Logs in at the login prompt (or with `login` when reading is allowed without one).
    func login(_ name: String, _ password: String = "secret1") {
        let atLoginPrompt = user == nil && !environment.settings.allowsAnonymousViewer
        type((atLoginPrompt ? "" : "login ") + "\(name)\r\(password)\r")
    }
}
