import Foundation
import Glibc

/// The standard output of a child process read without blocking, as complete lines: for tests
/// that SIGKILL a child mid-stream and must count only what it fully reported.
public final class ChildLines {
    public let pipe = Pipe()
    private var partial = Data()
    public private(set) var lines: [String] = []

    public init() {}

    /// Reads what is available now; a trailing line without newline waits for the next call.
    public func drain() {
        let fd = pipe.fileHandleForReading.fileDescriptor
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 0) > 0 {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { break }
            partial.append(contentsOf: chunk[..<count])
        }
        let text = String(decoding: partial, as: UTF8.self)
        guard let lastNewline = text.lastIndex(of: "\n") else { return }
        lines += text[..<lastNewline].split(separator: "\n").map(String.init)
        partial = Data(text[text.index(after: lastNewline)...].utf8)
    }

    /// The integers of drained lines `<prefix><n>`, in order.
    public func numbers(after prefix: String) -> [Int64] {
        lines.filter { $0.hasPrefix(prefix) }.compactMap { Int64($0.dropFirst(prefix.count)) }
    }
}
