import Config
import Foundation
@testable import StateStore
import Testing

/// Fingerprints must be equal for equal configurations in every process (dictionary order is
/// seeded per process) and must not move when the model gains an optional key.
@Suite struct ConfigFingerprintTests {
    struct Sample { var name: String; var limit: Double?; var tags: [String: Int]; var extra: [Int] }

    @Test func dictionaryOrderDoesNotMatter() {
        var grown = [String: Int](minimumCapacity: 512)
        var small = [String: Int]()
        for index in 0..<40 { grown["k\(index)"] = index }
        for index in (0..<40).reversed() { small["k\(index)"] = index }
        #expect(Array(grown.keys) != Array(small.keys), "the two dictionaries should iterate differently")
        let one = ConfigFingerprint.canonical(Sample(name: "a", limit: 1, tags: grown, extra: [1]))
        let two = ConfigFingerprint.canonical(Sample(name: "a", limit: 1, tags: small, extra: [1]))
        #expect(one == two)
    }

    @Test func unsetFieldsAreLeftOutAndSetOnesCount() {
        let unset = ConfigFingerprint.canonical(Sample(name: "a", limit: nil, tags: [:], extra: []))
        #expect(unset == "Sample(name: \"a\")")
        let set = ConfigFingerprint.canonical(Sample(name: "a", limit: 2.5, tags: ["x": 1], extra: [3, 1]))
        #expect(set == "Sample(name: \"a\", limit: 2.5, tags: [(key: \"x\", value: 1)], extra: [3, 1])")
    }

    @Test func aLoopsFingerprintFollowsItsDefinitionOnly() throws {
        let unit = try ConfigLoader.loadUnit(at: RetainConfigTests.boards + "/units/simulator.toml",
                                             boardsDirectory: RetainConfigTests.boards)
        let loop = try #require(unit.control.loops.first)
        var moved = loop
        moved.line += 10
        #expect(ConfigFingerprint.loop(moved) == ConfigFingerprint.loop(loop))
        #expect(!ConfigFingerprint.canonical(loop).contains("ammonia"), "an unset optional key is not part of the text")
        var retuned = loop
        retuned.setpoint += 0.5
        #expect(ConfigFingerprint.loop(retuned) != ConfigFingerprint.loop(loop))
        #expect(ConfigFingerprint.unit(unit) == ConfigFingerprint.unit(try ConfigLoader.loadUnit(
            at: RetainConfigTests.boards + "/units/simulator.toml", boardsDirectory: RetainConfigTests.boards)))
    }
}
