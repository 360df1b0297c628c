import Config
import FlocTestSupport
import Foundation
import Testing

/// One row of Fixtures/faults.toml: a fault to inject, what floc must show within a bound, and
/// what it must show again once the fault is cleared (see the file's header for the bound).
struct FaultCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Control-socket commands, `;`-separated.
    var inject: String
    var sets: [String] = []
    var delaySeconds: Double
    var scans: Int
    var point: String
    var expectQuality: String?
    /// The point must keep the value it had before the injection while the plant moves.
    var frozen = false
    /// The point must read this much more than before the injection.
    var expectShift: Double?
    var loop: String?
    var expectOut: Double?
    var expectSafe = false
    var expectRegulating = false
    var alarm: String?
    var expectAlarm: String?
    var plant: String?
    var log: [String] = []
    /// A point that must stay good all through the fault (a bystander on the faulty line).
    var watchGood: String?
    var recoverQuality: String?
    var recoverAlarm: String?
    var recoverLog: [String] = []

    var testDescription: String { name }

    /// Scan period of Boards/units/simulator.toml, and what a point change takes to reach the status file.
    static let scanPeriod = 0.5
    static let pollLatency = 2.5

    /// delay_s + N scans + poll latency.
    var bound: Double { delaySeconds + Double(scans) * Self.scanPeriod + Self.pollLatency }

    static let file = PeerProcess.packageRoot.appendingPathComponent("Tests/FaultSuiteTests/Fixtures/faults.toml").path

    /// Every case of the table; a malformed table stops the suite with its line.
    static let all: [FaultCase] = {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fatalError("cannot read \(file)") }
        let parsed = TOMLParser.parse(text)
        guard parsed.errors.isEmpty, let rows = parsed.table["fault"]?.array else {
            fatalError("\(file): \(parsed.errors.map { "line \($0.line): \($0)" })")
        }
        return rows.map { row in
            guard let table = row.table else { fatalError("\(file):\(row.line): [[fault]] expected") }
            return FaultCase(table, line: row.line)
        }
    }()

    init(_ table: TOMLTable, line: Int) {
        func string(_ key: String) -> String? { table[key]?.string }
        func number(_ key: String) -> Double? { table[key]?.float ?? table[key]?.integer.map(Double.init) }
        func strings(_ key: String) -> [String] { table[key]?.array?.compactMap(\.string) ?? [] }
        let known: Set = ["name", "inject", "sets", "delay_s", "scans", "point", "expect_quality", "frozen", "expect_shift",
                          "loop", "expect_out", "expect_safe", "expect_regulating", "alarm", "expect_alarm", "plant", "log",
                          "watch_good", "recover_quality", "recover_alarm", "recover_log"]
        if let typo = table.keys.first(where: { !known.contains($0) }) { fatalError("\(Self.file):\(line): unknown key \(typo)") }
        guard let name = string("name"), let inject = string("inject"), let point = string("point"),
              let delay = number("delay_s"), let scans = table["scans"]?.integer else {
            fatalError("\(Self.file):\(line): name, inject, point, delay_s and scans are required")
        }
        self.name = name
        self.inject = inject
        self.point = point
        delaySeconds = delay
        self.scans = Int(scans)
        sets = strings("sets")
        expectQuality = string("expect_quality")
        frozen = table["frozen"]?.boolean ?? false
        expectShift = number("expect_shift")
        loop = string("loop")
        expectOut = number("expect_out")
        expectSafe = table["expect_safe"]?.boolean ?? false
        expectRegulating = table["expect_regulating"]?.boolean ?? false
        alarm = string("alarm")
        expectAlarm = string("expect_alarm")
        plant = string("plant")
        log = strings("log")
        watchGood = string("watch_good")
        recoverQuality = string("recover_quality")
        recoverAlarm = string("recover_alarm")
        recoverLog = strings("recover_log")
    }
}
