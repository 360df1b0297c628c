import FlocTestSupport
import Foundation
import Telemetry
import Testing
import UnitTelemetry

/// The unit's Sparkplug uplink and its share of the queue file (no broker needed: nothing is sent).
@Suite struct UnitUplinkQueueTests {
    /// The published `Queue/HighWater` of the sample the sampler stored last.
    static func highWater(_ unit: UnitUplinkFixture) throws -> Bool? {
        let records = try unit.service.queue.pending(uplink: "sparkplug", limit: 1000)
        let sample = try TelemetrySample(decoding: try #require(records.last).payload)
        guard case .boolean(let flag) = sample.values.first(where: { $0.device == nil && $0.metric == "Queue/HighWater" })?.value
        else { return nil }
        return flag
    }

    /// HJ 212 records in the same file neither raise Sparkplug's high-water alarm nor get dropped
    /// by Sparkplug's bound; Sparkplug's own backlog raises it (published in its samples).
    @Test func anotherUplinksBacklogDoesNotCountAgainstSparkplug() throws {
        let unit = try UnitUplinkFixture(port: PeerProcess.freePort(), queueMaxRecords: 100)
        let queue = unit.service.queue
        for index in 0..<95 {
            try queue.append(uplink: "hj212", timestampMilliseconds: Int64(index), payload: Array("QN=\(index)".utf8))
        }
        unit.sample()
        #expect(try Self.highWater(unit) == false)
        #expect(!queue.alarmRaised(uplink: "sparkplug"))
        for _ in 0..<85 { unit.sample() }
        #expect(queue.alarmRaised(uplink: "sparkplug"), "80 of 100 samples")
        unit.sample()
        #expect(try Self.highWater(unit) == true)
        for _ in 0..<20 { unit.sample() }
        #expect(try queue.count(uplink: "sparkplug") == 100)
        #expect(try queue.count(uplink: "hj212") == 95, "Sparkplug's bound dropped HJ 212 records")
        #expect(try queue.counters(uplink: "hj212").dropped == 0)
    }
}
