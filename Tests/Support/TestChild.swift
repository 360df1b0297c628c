import Foundation

/// This test binary run again as a child, filtered to one test and with `variable=value` in its
/// environment (the kill -9 tests' writer): stdout is piped to the parent, stderr discarded.
public enum TestChild {
    /// `output`: where the child's stdout goes (e.g. a ``ChildLines`` pipe).
    public static func start(test: String, variable: String, value: String,
                             output: Pipe = Pipe()) throws -> (process: Process, output: Pipe) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", test]
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = value
        child.environment = environment
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()
        return (child, output)
    }
}
