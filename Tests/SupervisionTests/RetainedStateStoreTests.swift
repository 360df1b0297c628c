import Config
import Foundation
import Runtime
import StateStore
import Testing

@Suite struct RetainedStateStoreTests {
    static let state = RetainedState(
        loops: ["flow1": RetainedLoop(mode: "manual", setpoint: 30, manualOutput: 45, fingerprint: "abc")],
        alarms: ["flow_high.h": RetainedAlarm(acknowledged: true, shelvedUntil: 1_700_000_600)])

    @Test func aSavedStateReadsBackAfterReopening() throws {
        let path = temporaryStatePath()
        do {
            let store = try RetainedStateStore(path: path)
            #expect(try store.load() == nil, "nothing saved yet")
            try store.save(Self.state, savedAt: 1_700_000_000)
            try store.setConfigFingerprint("f1")
        }
        let reopened = try RetainedStateStore(path: path)
        let loaded = try #require(try reopened.load())
        #expect(loaded.state == Self.state)
        #expect(loaded.savedAt == 1_700_000_000)
        #expect(try reopened.configFingerprint() == "f1")
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func aSaveReplacesTheWholePreviousState() throws {
        let store = try RetainedStateStore(path: temporaryStatePath())
        try store.save(Self.state, savedAt: 1)
        let smaller = RetainedState(loops: ["ph1": RetainedLoop(mode: "auto", setpoint: 7, manualOutput: nil, fingerprint: "x")])
        try store.save(smaller, savedAt: 2)
        #expect(try store.load()?.state == smaller, "no item of the earlier save survives")
    }

    @Test func theStartHistoryGrowsUntilCleared() throws {
        let store = try RetainedStateStore(path: temporaryStatePath())
        #expect(try store.recordStart(at: 100) == [100])
        #expect(try store.recordStart(at: 200) == [100, 200])
        try store.clearStarts()
        #expect(try store.recordStart(at: 300) == [300])
    }

    @Test func aFolderThatDoesNotExistIsAnError() {
        #expect(throws: (any Error).self) { try RetainedStateStore(path: "/nonexistent-folder/floc/state.db") }
    }

    @Test func captureKeepsModesSetpointsManualOutputsAcknowledgementsAndShelves() throws {
        let fixture = try FlowLoopFixture()
        fixture.set(flow: 90)
        #expect(fixture.command(.setMode(loop: "flow1", mode: .manual))?.isAccepted == true)
        #expect(fixture.command(.setManualOutput(loop: "flow1", value: 35))?.isAccepted == true)
        #expect(fixture.command(.setSetpoint(loop: "flow1", value: 25))?.isAccepted == true)
        #expect(fixture.command(.acknowledge(alarm: "flow_high.h"))?.isAccepted == true)
        let state = RetainedState(snapshot: try #require(fixture.snapshot), control: fixture.control, wallTime: 1_000_000)
        let loop = try #require(state.loops["flow1"])
        #expect(loop.mode == "manual" && loop.setpoint == 25 && loop.manualOutput == 35)
        #expect(loop.fingerprint == ConfigFingerprint.loop(fixture.control.loops[0]))
        #expect(state.alarms["flow_high.h"] == RetainedAlarm(acknowledged: true, shelvedUntil: nil))

        #expect(fixture.command(.shelve(alarm: "flow_high", minutes: 30))?.isAccepted == true)
        let shelved = RetainedState(snapshot: try #require(fixture.snapshot), control: fixture.control, wallTime: 1_000_000)
        #expect(shelved.alarms["flow_high.h"]?.shelvedUntil == 1_001_800.0, "30 min on, to 10 s")
    }

    @Test func fingerprintsIgnoreTheLineButNotTheTuning() throws {
        let loop = try FlowLoopFixture().control.loops[0]
        var moved = loop
        moved.line = 42
        var retuned = loop
        retuned.setpointLimits = 0...10
        #expect(ConfigFingerprint.loop(moved) == ConfigFingerprint.loop(loop))
        #expect(ConfigFingerprint.loop(retuned) != ConfigFingerprint.loop(loop))
        #expect(ConfigFingerprint.loop(loop).count == 64, "SHA-256 in hex")
    }
}
