import Config
import FlocTestSupport
import Foundation
import Testing

/// `[historian]` in the unit file: defaults beside the retained state, bounds, globs that must match.
@Suite struct HistorianConfigTests {
    static let unit = PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path

    static func load(_ overrides: [String]) throws(ConfigErrors) -> UnitConfig {
        try ConfigLoader.loadUnit(at: unit, overrides: overrides)
    }

    @Test func onByDefaultBesideTheRetainedState() throws {
        let plain = try Self.load([])
        #expect(plain.historian.enabled && plain.historian.path == "/tmp/floc-sim/history.db", "beside its [retain] path")
        #expect(plain.historian.interval == 1 && plain.historian.rawDays == 30 && plain.historian.rollupInterval == 60
            && plain.historian.rollupDays == 365 && plain.historian.points.isEmpty)
        #expect(try Self.load(["retain.path=/tmp/t1/state.db"]).historian.path == "/tmp/t1/history.db")
        let set = try Self.load(["historian.path=/srv/h.db", "historian.interval_ms=5000", "historian.raw_days=7",
                                 "historian.rollup_interval_s=300", "historian.rollup_days=730",
                                 "historian.points=[\"do1.*\", \"aeration1.?v\"]", "historian.enabled=false"])
        #expect(set.historian.path == "/srv/h.db" && set.historian.interval == 5 && set.historian.rawDays == 7
            && set.historian.rollupInterval == 300 && set.historian.rollupDays == 730 && !set.historian.enabled)
        #expect(set.historian.records("do1.oxygen") && set.historian.records("aeration1.pv")
            && !set.historian.records("aeration1.sp") && !set.historian.records("ph1.ph"))
    }

    static let errors: [(String, String)] = [
        ("historian.interval_ms=50", "historian.interval_ms: 50 is out of range"),
        ("historian.interval_ms=200", "historian.interval_ms: must be at least unit.scan_period_ms (500 ms)"),
        ("historian.raw_days=0", "historian.raw_days: 0 is out of range"),
        ("historian.points=[\"do9.*\"]", "historian.points: 'do9.*' matches no point or loop of the unit"),
        ("historian.rollup_interval_s=0", "historian.rollup_interval_s: 0 is out of range"),
        ("historian.spam=1", "historian.spam"),
    ]

    @Test(arguments: errors)
    func preciseErrors(_ override: String, _ message: String) {
        do {
            _ = try Self.load([override])
            Issue.record("\(override) accepted")
        } catch {
            #expect(error.errors.contains { $0.description.contains(message) }, "\(error)")
        }
    }

    @Test func globs() {
        let table: [(String, String, Bool)] = [
            ("*", "do1.oxygen", true), ("do1.*", "do1.oxygen", true), ("do1.*", "do10.oxygen", false),
            ("*.pv", "aeration1.pv", true), ("a?r*1.p?", "aeration1.pv", true), ("do1.oxygen", "do1.oxygen", true),
            ("do1.oxygen", "do1.oxygenx", false), ("*x*y", "axbxcy", true), ("", "", true), ("", "a", false),
        ]
        for (pattern, name, expected) in table {
            #expect(HistorianConfig.glob(pattern, matches: name) == expected, "\(pattern) ~ \(name)")
        }
    }
}
