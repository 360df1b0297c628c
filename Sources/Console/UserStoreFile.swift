import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File handling of the user store: change detection and atomic, private writes.
enum UserStoreFile {
    /// Identity and age of the file; a different stamp means it must be re-read.
    struct Stamp: Equatable, Sendable {
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Glibc)
        return Stamp(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        #else
        return Stamp(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modifiedSeconds: Int(info.st_mtimespec.tv_sec), modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec))
        #endif
    }

    static func read(_ path: String) throws(UserStoreError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file("\(path): cannot read the user file (check its owner and mode 0600)")
        }
        return data
    }

    /// Writes `data` to a new file with mode 0600 next to `path`, syncs it, and renames it over `path`,
    /// so a power cut leaves either the old or the new file, never half of one.
    static func writeAtomically(_ data: Data, to path: String) throws(UserStoreError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        // The umask could have narrowed the mode but never widened it; set it exactly anyway.
        fchmod(fd, 0o600)
        // `sudo floc user add` must leave a file the daemon's own user can read: root hands the
        // file to the owner of its folder (/var/lib/floc belongs to the floc user).
        var folder = stat()
        let directory = (path as NSString).deletingLastPathComponent
        let folderPath = directory.isEmpty ? "." : directory
        if geteuid() == 0, stat(folderPath, &folder) == 0 {
            _ = fchown(fd, folder.st_uid, folder.st_gid)
        }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        if !written || fsync(fd) != 0 {
            let error = failure("write", temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename to \(path)", temporary)
            unlink(temporary)
            throw error
        }
        let directoryFD = open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    private static func failure(_ operation: String, _ path: String) -> UserStoreError {
        .file("\(path): \(operation) failed: \(String(cString: strerror(errno)))")
    }
}
