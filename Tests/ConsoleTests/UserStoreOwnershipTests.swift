import Foundation
import Glibc
import Testing
@testable import Console

/// `sudo floc user add` on a board: root writes the file, the daemon (user floc) must read it.
@Suite struct UserStoreOwnershipTests {
    @Test(.enabled(if: geteuid() == 0, "only root can hand a file to another user"))
    func rootHandsTheFileToTheOwnerOfItsFolder() throws {
        let path = try UserStoreTests.temporaryPath()
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 65534 is `nobody` on Debian: any uid other than root's proves the hand-over.
        #expect(chown(folder, 65534, 65534) == 0)
        let store = try UserStore(path: path, hasher: PasswordHasher(iterations: 1000))
        try store.add(name: "anna", role: .technician, password: "pump-house-7")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_uid == 65534 && info.st_gid == 65534)
        #expect(info.st_mode & 0o777 == 0o600)
    }
}
