import Control
import Testing

@Suite struct InterlockTests {
    static let dosing = InterlockDefinition(name: "acid dosing", conditions: [
        InterlockCondition("flow present", .permissive),
        InterlockCondition("acid level not low", .permissive),
    ])

    static let blower = InterlockDefinition(name: "blower 1", conditions: [
        InterlockCondition("e-stop", .trip, bypassable: false),
        InterlockCondition("motor temperature high", .trip),
        InterlockCondition("outlet pressure high", .trip),
    ], latching: true, maxBypassMinutes: 30)

    @Test(arguments: [
        // flow, level: allowed, reasons
        ([true, true] as [Bool?], true, [String]()),
        ([false, true], false, ["flow present"]),
        ([true, false], false, ["acid level not low"]),
        ([false, false], false, ["flow present", "acid level not low"]),
        ([nil, true], false, ["flow present"]),
        ([true], false, ["acid level not low"]),
    ])
    func permissives(inputs: [Bool?], allowed: Bool, reasons: [String]) {
        var interlock = Interlock(definition: Self.dosing)
        let result = interlock.evaluate(inputs, at: 0)
        #expect(result.allowed == allowed)
        #expect(result.reasons.map(\.condition) == reasons)
        #expect(result.reasons.allSatisfy { $0.kind == .permissive })
    }

    @Test func aBadInputIsReportedAsUnknown() {
        var interlock = Interlock(definition: Self.dosing)
        let result = interlock.evaluate([nil, false], at: 0)
        #expect(result.reasons.map(\.unknown) == [true, false])
    }

    @Test func nonLatchingClearsWithItsCauseAndForgetsTheFirstOut() {
        var interlock = Interlock(definition: Self.dosing)
        #expect(interlock.evaluate([false, true], at: 0).firstOut == "flow present")
        let cleared = interlock.evaluate([true, true], at: 1)
        #expect(cleared.allowed && cleared.firstOut == nil && !cleared.latched)
    }

    @Test func firstOutIsTheFirstCauseNotTheLaterOnes() {
        var interlock = Interlock(definition: Self.blower)
        _ = interlock.evaluate([false, false, false], at: 0)
        // Outlet pressure goes high first; the motor then overheats.
        #expect(interlock.evaluate([false, false, true], at: 1).firstOut == "outlet pressure high")
        let both = interlock.evaluate([false, true, true], at: 2)
        #expect(both.firstOut == "outlet pressure high")
        #expect(both.reasons.map(\.condition) == ["motor temperature high", "outlet pressure high"])
    }

    @Test func simultaneousCausesNameTheFirstInDefinitionOrder() {
        var interlock = Interlock(definition: Self.blower)
        #expect(interlock.evaluate([false, true, true], at: 0).firstOut == "motor temperature high")
    }

    @Test func latchHoldsUntilResetAndResetIsRefusedWhileTheCausePersists() throws {
        var interlock = Interlock(definition: Self.blower)
        #expect(interlock.evaluate([false, true, false], at: 0).tripped)
        #expect(throws: InterlockCommandError.causePersists(["motor temperature high"])) { try interlock.reset() }
        // Motor cooled down: still tripped, no reason left, first-out kept for the operator.
        let cooled = interlock.evaluate([false, false, false], at: 60)
        #expect(cooled.tripped && cooled.latched && cooled.reasons.isEmpty)
        #expect(cooled.firstOut == "motor temperature high")
        try interlock.reset()
        let after = interlock.evaluate([false, false, false], at: 61)
        #expect(after.allowed && after.firstOut == nil && !after.latched)
    }

    @Test func bypassIgnoresAConditionUntilItExpires() throws {
        var interlock = Interlock(definition: Self.dosing)
        try interlock.bypass("acid level not low", minutes: 10, by: "tech", at: 100)
        let bypassed = interlock.evaluate([true, false], at: 100)
        #expect(bypassed.allowed)
        #expect(bypassed.bypasses == [InterlockBypass(condition: "acid level not low", until: 700, by: "tech")])
        #expect(interlock.evaluate([true, false], at: 699.9).allowed)
        let expired = interlock.evaluate([true, false], at: 700)
        #expect(expired.tripped && expired.bypasses.isEmpty)
    }

    @Test func bypassDoesNotClearALatchButLetsItBeReset() throws {
        var interlock = Interlock(definition: Self.blower)
        _ = interlock.evaluate([false, true, false], at: 0)
        try interlock.bypass("motor temperature high", minutes: 30, by: "tech", at: 10)
        #expect(interlock.evaluate([false, true, false], at: 10).tripped)
        try interlock.reset()
        #expect(interlock.evaluate([false, true, false], at: 11).allowed)
        try interlock.removeBypass("motor temperature high")
        #expect(interlock.evaluate([false, true, false], at: 12).tripped)
    }

    @Test func refusedBypasses() {
        var interlock = Interlock(definition: Self.blower)
        #expect(throws: InterlockCommandError.notBypassable("e-stop")) {
            try interlock.bypass("e-stop", minutes: 5, by: "tech", at: 0)
        }
        #expect(throws: InterlockCommandError.invalidBypassTime(requestedMinutes: 31, maximumMinutes: 30)) {
            try interlock.bypass("motor temperature high", minutes: 31, by: "tech", at: 0)
        }
        #expect(throws: InterlockCommandError.unknownCondition("door open")) {
            try interlock.bypass("door open", minutes: 5, by: "tech", at: 0)
        }
        #expect(interlock.bypasses.isEmpty)
    }
}
