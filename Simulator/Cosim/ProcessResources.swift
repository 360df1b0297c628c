import Foundation

/// What a long run must keep flat: this process's resident memory, open file descriptors and
/// threads, read from /proc (Linux). Fields are nil where /proc cannot be read.
public struct ProcessResources: Sendable, Equatable {
    /// Resident set size, KiB (`VmRSS` of /proc/self/status).
    public var rssKiB: Int?
    /// Entries of /proc/self/fd (the listing's own descriptor excluded).
    public var fileDescriptors: Int?
    /// `Threads` of /proc/self/status.
    public var threads: Int?

    public init(rssKiB: Int?, fileDescriptors: Int?, threads: Int?) {
        self.rssKiB = rssKiB
        self.fileDescriptors = fileDescriptors
        self.threads = threads
    }

    /// This process, now.
    public static func current() -> ProcessResources {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
        }
        // contentsOfDirectory opens one descriptor of its own while it lists.
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map { $0.count - 1 }
        return ProcessResources(rssKiB: field("VmRSS"), fileDescriptors: fds, threads: field("Threads"))
    }
}
