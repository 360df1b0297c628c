import FlocTestSupport
import Foundation
import Testing

/// The simulator unit's e-stop is fail-safe: the button's normally-closed contact reads 1 while
/// released. `floc-sim plant set panel.estop 1` still presses it; pressed, every loop is held safe
/// and stays so after the release until a reset.
@Suite("fault injection: e-stop", .serialized,
       .enabled(if: PlantUnderControl.binary("floc-sim") != nil && PlantUnderControl.binary("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct EStopTests {
    @Test func pressingTheButtonOpensItsContactAndHoldsEveryLoopSafe() throws {
        let plant = try PlantUnderControl()
        defer { plant.stop() }
        try plant.startFloc()
        let healthy = plant.waitStatus(within: 20) { status in
            status.point("io1.input3")?.quality == "good" && status.loops.allSatisfy { $0.safe_because == nil }
        }
        try #require(healthy.met, "healthy: \(String(describing: healthy.last))\n\(plant.log)")
        #expect(healthy.last?.point("io1.input3")?.value == 1, "released: the contact is closed")

        #expect(try plant.control("plant set panel.estop 1").hasPrefix("ok"))
        let pressed = plant.waitStatus(within: 4) { status in
            status.point("io1.input3")?.value == 0 && status.loops.allSatisfy { $0.safe_because != nil }
        }
        #expect(pressed.met, "pressed: input open, every loop safe: \(String(describing: pressed.last))")
        #expect(plant.plantValue("blower1.speed_command") == 0, "the blower's speed goes to its safe value")

        #expect(try plant.control("plant set panel.estop 0").hasPrefix("ok"))
        let released = plant.waitStatus(within: 4) { $0.point("io1.input3")?.value == 1 }
        #expect(released.met)
        #expect(released.last?.loop("aeration1")?.safe_because != nil, "an e-stop holds until reset")
    }
}
