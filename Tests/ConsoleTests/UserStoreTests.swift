import Foundation
import Testing
import HAL
@testable import Console

@Suite struct UserStoreTests {
    static func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("floc-users-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("users.json").path
    }

    @Test func roundTripThroughTheFileWithMode0600() throws {
        let path = try Self.temporaryPath()
        let store = try UserStore(path: path, hasher: PasswordHasher(iterations: 1000))
        #expect(try store.list().isEmpty, "no default user")
        try store.add(name: "alice", role: .technician, password: "secret1")
        try store.add(name: "bob", role: .viewer, password: "other-pw")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("secret1") && text.contains("\"technician\""))

        let reopened = try UserStore(path: path)
        #expect(try reopened.list() == [ConsoleUser(name: "alice", role: .technician), ConsoleUser(name: "bob", role: .viewer)])
        #expect(reopened.verify(name: "alice", password: "secret1") == ConsoleUser(name: "alice", role: .technician))
        #expect(reopened.verify(name: "alice", password: "secret2") == nil)
        #expect(reopened.verify(name: "carol", password: "secret1") == nil)
    }

    @Test func aSecondStoreSeesChangesOnDisk() throws {
        let path = try Self.temporaryPath()
        let daemon = try UserStore(path: path, hasher: PasswordHasher(iterations: 1000))
        let tool = try UserStore(path: path, hasher: PasswordHasher(iterations: 1000))
        try tool.add(name: "alice", role: .engineer, password: "secret1")
        #expect(daemon.verify(name: "alice", password: "secret1")?.role == .engineer)
        try tool.remove(name: "alice")
        #expect(daemon.verify(name: "alice", password: "secret1") == nil)
    }

    @Test func saltsDifferAndBadInputIsRefused() throws {
        let store = try UserStore(path: try Self.temporaryPath(), hasher: PasswordHasher(iterations: 1000))
        let hasher = PasswordHasher(iterations: 1000)
        let first = hasher.hash("same-password"), second = hasher.hash("same-password")
        #expect(first.salt.count == 16 && first.salt != second.salt && first.hash != second.hash)
        #expect(PasswordHasher.verify("same-password", against: second))
        #expect(!PasswordHasher.verify("", against: PasswordHash(salt: [], hash: [], iterations: 1000)))
        #expect(throws: UserStoreError.weakPassword(minimumLength: 6)) { try store.add(name: "a", role: .viewer, password: "12345") }
        #expect(throws: UserStoreError.invalidName("Bad Name")) { try store.add(name: "Bad Name", role: .viewer, password: "123456") }
        try store.add(name: "a", role: .viewer, password: "123456")
        #expect(throws: UserStoreError.userExists("a")) { try store.add(name: "a", role: .viewer, password: "123456") }
        #expect(throws: UserStoreError.noSuchUser("z")) { try store.setRole(name: "z", role: .engineer) }
    }

    @Test func lockoutDelaysGrowExponentiallyAndAreCapped() {
        let policy = LoginThrottle.Policy(freeFailures: 3, baseDelay: .seconds(5), maximumDelay: .seconds(60))
        #expect((1...8).map { policy.delay(afterFailures: $0) } ==
                [.zero, .zero, .seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60)])
    }

    @Test func lockedSessionsRefuseEvenTheRightPasswordUntilTheDelayPasses() throws {
        let fixture = try ConsoleFixture()
        let session = fixture.session()
        for _ in 0..<2 { #expect(!session.type("alice\rwrong-pw\r").contains("try again")) }
        #expect(session.type("alice\rwrong-pw\r").contains("try again in 5 s"))
        // A new connection does not reset the lock.
        let other = fixture.session()
        #expect(other.type("alice\rsecret1\r").contains("try again in 5 s"))
        #expect(other.user == nil)
        fixture.clock.advance(by: .seconds(4))
        #expect(other.type("alice\rsecret1\r").contains("try again in 1 s"))
        fixture.clock.advance(by: .seconds(1))
        #expect(other.type("alice\rwrong-pw\r").contains("try again in 10 s"))
        fixture.clock.advance(by: .seconds(10))
        other.type("alice\rsecret1\r")
        #expect(other.user?.name == "alice")
        #expect(fixture.environment.throttle.remainingLock(for: "alice") == .zero)
        let failures = fixture.audit.recorded.filter { $0.action == .loginFailed }
        #expect(failures.count == 6 && failures.filter { $0.result == "locked" }.count == 2)
    }
}
