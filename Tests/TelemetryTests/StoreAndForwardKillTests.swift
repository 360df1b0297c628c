import FlocTestSupport
import Foundation
import Glibc
import Testing
@testable import Telemetry

/// kill -9 of a process that is appending through Floc's own queue code.
///
/// The test re-runs this test binary (`/proc/self/exe`, filtered to this one test) with
/// `FLOC_SAF_WRITER` set; in that child the test is a writer that prints `stored <sequence>` after
/// each `append` returned. The parent SIGKILLs it mid-stream and reopens the database: every
/// sequence the child reported must be there. A power cut cannot be simulated here; it is covered by
/// `synchronous=FULL` (the WAL is fsynced before COMMIT returns).
@Suite struct StoreAndForwardKillTests {
    static let writerVariable = "FLOC_SAF_WRITER"

    @Test func acknowledgedRecordsSurviveKill9() throws {
        if let path = ProcessInfo.processInfo.environment[Self.writerVariable] {
            try Self.write(to: path)
        }
        let path = temporaryDatabase()
        let output = ChildLines()
        let child = try TestChild.start(test: "StoreAndForwardKillTests/acknowledgedRecordsSurviveKill9",
                                        variable: Self.writerVariable, value: path,
                                        output: output.pipe).process
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) }; child.waitUntilExit() }
        var reported: [Int64] { output.numbers(after: "stored ") }
        #expect(PeerProcess.poll(deadline: 60) { output.drain(); return reported.count >= 200 })
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        output.drain()
        #expect(child.terminationReason == .uncaughtSignal)

        let reopened = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 1_000_000), logger: quietLogger)
        let kept = Set(try reopened.pending(uplink: "u", limit: 1_000_000).map(\.sequence))
        #expect(reported.count >= 200)
        #expect(reported.allSatisfy(kept.contains), "every record reported as stored is still there")
        #expect(try reopened.counters(uplink: "u").stored >= Int64(reported.count))
    }

    /// The child's side: append until killed, reporting each committed sequence.
    private static func write(to path: String) throws -> Never {
        let queue = try StoreAndForwardQueue(path: path, bound: .init(maxRecords: 1_000_000), logger: quietLogger)
        var index: Int64 = 0
        while true {
            let outcome = try queue.append(uplink: "u", timestampMilliseconds: index,
                                           payload: Array("sample \(index)".utf8))
            if case .stored(let sequence, _) = outcome {
                FileHandle.standardOutput.write(Data("stored \(sequence)\n".utf8))
            }
            index += 1
        }
    }
}
