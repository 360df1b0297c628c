import Foundation
import Logging

/// A swift-log handler that formats on the caller's thread and queues the line on a
/// ``LogRing``, so logging never waits for stderr or journald (the scan thread logs through
/// it). Repeats of one warning, error or critical message (same text and metadata) within
/// the limiter's interval are held back and counted.
///
/// Under systemd (`JOURNAL_STREAM` set) lines carry a `<N>` syslog priority prefix, which
/// journald turns into the entry's level.
public struct NonBlockingLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String
    private let ring: LogRing
    private let limiter: LogRateLimiter?
    private let journal: Bool
    private let now: @Sendable () -> Double

    /// `now` (seconds, any epoch) drives the limiter; nil `limiter` lets every line through.
    public init(label: String, ring: LogRing, limiter: LogRateLimiter?, journal: Bool,
                now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.label = label
        self.ring = ring
        self.limiter = limiter
        self.journal = journal
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let text = "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var suffix = ""
        // Only faults repeat; notices (the audit trail among them) and below are never held back.
        if let limiter, event.level >= .warning {
            guard let admitted = limiter.admit("\(label)|\(event.level)|\(fields)|\(text)", now: now()) else { return }
            suffix = admitted
        }
        let prefix = journal ? "<\(Self.syslogPriority(event.level))>" : Self.timestamp() + " "
        ring.push("\(prefix)\(event.level) \(label):\(fields) \(text)\(suffix)")
    }

    /// RFC 5424 severities as journald reads them from a `<N>` prefix.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func timestamp() -> String {
        var time = timeval()
        gettimeofday(&time, nil)
        var parts = tm()
        var seconds = time.tv_sec
        localtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int(time.tv_usec / 1000))
    }
}
