import FlocTestSupport
import Foundation
import Testing

/// Every fault of Fixtures/faults.toml injected into floc-sim under the real `floc run`, one
/// plant and one controller a case: the effect within the bound, the cause in the event log,
/// recovery after `fault clear all` without anyone touching floc.
@Suite("fault injection: the table", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct FaultTableTests {
    /// How long a case with `watch_good` keeps watching once the effect is there.
    static let watchSeconds = 15.0

    @Test(arguments: FaultCase.all)
    func faultIsActedOnExplainedAndRecovered(_ fault: FaultCase) throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        try plant.startFloc(sets: fault.sets)
        let healthy = plant.waitStatus(within: 20) { status in
            status.point(fault.point)?.quality == "good" && status.loops.allSatisfy { $0.safe_because == nil }
                && status.alarm(fault.alarm ?? "")?.state ?? "normal" == "normal"
        }
        try #require(healthy.met, "healthy before the fault: \(String(describing: healthy.last))\n\(plant.log)")
        let before = try #require(healthy.last?.point(fault.point)?.value)
        let logMark = plant.log.count

        for command in fault.inject.split(separator: ";") {
            let answer = try plant.control(command.trimmingCharacters(in: .whitespaces))
            try #require(answer.hasPrefix("ok"), "\(command): \(answer)")
        }
        let start = Date()
        var bystander: Set<String> = []
        var notGood: [String] = []
        let effect = plant.waitStatus(within: fault.bound) { status in
            if let watched = fault.watchGood {
                let quality = status.point(watched)?.quality ?? "missing"
                bystander.insert(quality)
                if quality != "good" { notGood.append("\(quality) at \(status.written_ms)") }
            }
            return self.faulted(status, fault, before: before)
        }
        #expect(effect.met, "within \(fault.bound) s: \(String(describing: effect.last))\n\(plant.log)")
        if fault.frozen {
            var values: Set<Double> = []
            _ = PeerProcess.poll(deadline: 2) {
                if let value = plant.status()?.point(fault.point)?.value { values.insert(value) }
                return false
            }
            #expect(values.count == 1, "a stuck probe repeats its last value: \(values)")
        }
        if let expected = fault.plant {
            let parts = expected.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            let seen = try plant.control("plant get \(parts[0])")
            #expect(seen.hasPrefix("ok \(parts[0]) = \(parts[1]) "), "the plant sees what floc wrote: \(seen)")
        }
        #expect(PeerProcess.poll(deadline: 2) { fault.log.allSatisfy { plant.log.dropFirst(logMark).contains($0) } },
                "event log names the cause \(fault.log): \(plant.log.dropFirst(logMark))")
        let reached = Date().timeIntervalSince(start)
        if let watched = fault.watchGood {
            // A while longer under the fault: the bystander and the loop must not budge.
            _ = plant.waitStatus(within: Self.watchSeconds) { status in
                let quality = status.point(watched)?.quality ?? "missing"
                bystander.insert(quality)
                if quality != "good" { notGood.append("\(quality) at \(status.written_ms)") }
                if fault.expectOut != nil, status.loop(fault.loop ?? "")?.safe_because != nil { bystander.insert("loop held safe") }
                return false
            }
            #expect(bystander == ["good"], "\(watched) stays good through the fault: \(bystander) \(notGood.prefix(5))\n\(plant.log)")
        }

        let clearMark = plant.log.count
        #expect(try plant.control("fault clear all").hasPrefix("ok cleared"))
        let recovery = plant.waitStatus(within: fault.bound + 2) { status in
            (fault.recoverQuality.map { status.point(fault.point)?.quality == $0 } ?? true)
                && (fault.loop.map { status.loop($0)?.safe_because == nil } ?? true)
                && (fault.recoverAlarm.map { status.alarm(fault.alarm ?? "")?.state == $0 } ?? true)
        }
        #expect(recovery.met, "recovered: \(String(describing: recovery.last))\n\(plant.log.dropFirst(clearMark))")
        #expect(PeerProcess.poll(deadline: 2) { fault.recoverLog.allSatisfy { plant.log.dropFirst(clearMark).contains($0) } },
                "event log names the recovery \(fault.recoverLog): \(plant.log.dropFirst(clearMark))")
        #expect(reached < fault.bound + 2.5, "effect and its log line within the bound: \(reached) s")
    }

    /// The fault's expected effect holds in `status`.
    private func faulted(_ status: FlocStatus, _ fault: FaultCase, before: Double) -> Bool {
        let point = status.point(fault.point)
        if let quality = fault.expectQuality, point?.quality != quality { return false }
        if let shift = fault.expectShift, abs((point?.value ?? .nan) - before - shift) > 0.3 { return false }
        if let loop = fault.loop.flatMap(status.loop) {
            if let out = fault.expectOut, abs(loop.out - out) > 0.5 { return false }
            if fault.expectSafe, loop.safe_because == nil { return false }
            if fault.expectRegulating, loop.safe_because != nil { return false }
        }
        if let alarm = fault.alarm, status.alarm(alarm)?.state != fault.expectAlarm { return false }
        return true
    }
}
