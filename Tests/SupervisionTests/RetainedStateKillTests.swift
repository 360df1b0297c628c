import Config
import FlocTestSupport
import Foundation
import Glibc
import StateStore
import Testing

/// kill -9 of a process saving the retained state through Floc's own store.
///
/// The test re-runs this test binary (`/proc/self/exe`, filtered to this one test) with
/// `FLOC_STATE_WRITER` set; in that child the test saves ever new states and prints
/// `saved <n>` after each `save` returned. The parent SIGKILLs it mid-stream and reopens
/// the database: it must be sound and hold the last reported save or a later one, whole.
@Suite struct RetainedStateKillTests {
    static let writerVariable = "FLOC_STATE_WRITER"

    static func state(_ index: Int) -> RetainedState {
        var loops: [String: RetainedLoop] = [:]
        for loop in 0..<20 {
            loops["loop\(loop)"] = RetainedLoop(mode: "auto", setpoint: Double(index), manualOutput: nil, fingerprint: "f")
        }
        loops["flow1"] = RetainedLoop(mode: "auto", setpoint: Double(index % 40), manualOutput: nil, fingerprint: "f")
        return RetainedState(loops: loops)
    }

    @Test func acknowledgedSavesSurviveKill9() throws {
        if let path = ProcessInfo.processInfo.environment[Self.writerVariable] { try Self.write(to: path) }
        let path = temporaryStatePath()
        let (child, output) = try TestChild.start(test: "RetainedStateKillTests/acknowledgedSavesSurviveKill9",
                                                  variable: Self.writerVariable, value: path)
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }

        var lastReported = -1
        var text = ""
        let deadline = Date(timeIntervalSinceNow: 60)
        while lastReported < 100, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
            let complete = text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            if let last = complete.last(where: { $0.hasPrefix("saved ") }), let index = Int(last.dropFirst(6)) { lastReported = index }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(lastReported >= 100)

        let store = try RetainedStateStore(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        let loaded = try #require(try store.load())
        let index = Int(try #require(loaded.state.loops["loop0"]).setpoint)
        #expect(index >= lastReported, "the last acknowledged save (\(lastReported)) or a later one")
        #expect(loaded.state == Self.state(index), "one whole save, not a mix of two")

        // And it restores: the flow loop's setpoint of that save reaches the scan.
        let fixture = try FlowLoopFixture()
        var policy = RetainConfig()
        policy.changedLoops = .restore
        RestorePlanTests.restore(RestorePlan(saved: loaded.state, control: fixture.control, policy: policy, now: 0), into: fixture)
        #expect(fixture.snapshot?.loop("flow1")?.setpoint == Double(index % 40))
    }

    /// The child's side: save until killed, reporting each committed save.
    private static func write(to path: String) throws -> Never {
        let store = try RetainedStateStore(path: path)
        var index = 0
        while true {
            try store.save(state(index), savedAt: Double(index))
            FileHandle.standardOutput.write(Data("saved \(index)\n".utf8))
            index += 1
        }
    }
}
