import Foundation
import Glibc

/// Secrets (passwords, private keys) live in files only their owner may read: a file readable
/// by group or others is refused, so a misconfigured secret fails at start-up, not in an audit.
public enum SecretFile {
    /// Why `path` is not an acceptable secret file, or nil when it is.
    public static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        guard info.st_mode & S_IFMT == S_IFREG else { return "\(path) is not a regular file" }
        let exposed = info.st_mode & (S_IRWXG | S_IRWXO)
        guard exposed == 0 else {
            return "\(path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it"
        }
        guard access(path, R_OK) == 0 else { return "cannot read \(path): permission denied" }
        return nil
    }

    /// The file's first line (a password), after the same checks as `problem`. The error names
    /// the file, never its content.
    public static func read(_ path: String) throws(SecretFileError) -> String {
        if let problem = problem(path) { throw SecretFileError(message: problem) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SecretFileError(message: "cannot read \(path) as UTF-8 text")
        }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces)
    }
}

/// A secret file that is missing, unreadable or exposed to group or others.
public struct SecretFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
