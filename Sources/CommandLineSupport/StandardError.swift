import ArgumentParser
import Foundation
import Logging

/// The one logging bootstrap of a Floc executable: text to stderr at `level`, through a
/// bounded queue written by its own thread (no caller ever waits for the terminal or
/// journald) and rate-limited per message.
public func bootstrapStandardErrorLogging(level: Logger.Level, label: String) -> Logger {
    let drain = LogDrain.shared
    drain.start()
    let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
    LoggingSystem.bootstrap { label in
        var handler = NonBlockingLogHandler(label: label, ring: drain.ring, limiter: drain.limiter, journal: journal)
        handler.logLevel = level
        return handler
    }
    return Logger(label: label)
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// One line to stderr, written at once (errors before exit, usage).
public func printError(_ text: String) {
    LogDrain.shared.ring.flush(timeout: 1)
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
