import ArgumentParser
import Foundation
import Logging

/// The one logging bootstrap of a Floc executable: text to stderr at `level`.
public func bootstrapStandardErrorLogging(level: Logger.Level, label: String) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    return Logger(label: label)
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// One line to stderr.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
