import Config
import Console
import FieldIO
import FlocTestSupport
import Foundation
import HAL
import Historian
import Runtime
import Testing

/// The console's `history` through the unit's console backend, on a history written just before.
@Suite struct HistoryConsoleTests {
    /// The backend as `floc run` builds it: `history` answered from the database at `historyPath`.
    static func backend(historyPath: String?) throws -> UnitConsoleBackend {
        let unit = try ConfigLoader.loadUnit(at: PeerProcess.packageRoot.appendingPathComponent("Boards/units/simulator.toml").path)
        return UnitConsoleBackend(unit: unit, image: PointImage(), clock: ManualClock(), engine: nil, pollers: [],
                                  historyLines: historyPath.map(HistoryDigest.consoleLines(path:)))
    }

    @Test func lastValuesAndMinAvgMaxOfTheSpan() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let writer = try HistoryWriter(settings: fixture.settings())
        for second in stride(from: 300, through: 1, by: -1) {
            let quality: HistoryQuality = second == 250 ? .uncertain : .good
            try writer.record([("do1.oxygen", Double(second % 5), quality)], at: now - Int64(second) * 1000)
        }
        try writer.commit()
        let backend = try Self.backend(historyPath: fixture.path)
        guard case .done(let lines) = backend.history("do1.oxygen", minutes: 10) else {
            Issue.record("history refused")
            return
        }
        #expect(lines.first == "do1.oxygen last 10 min: 300 values, min 0 avg 2 max 4, worst quality uncertain")
        #expect(lines.count == 11, "summary and the 10 latest values")
        #expect(lines.last?.hasSuffix("  1  good") == true && lines.last?.hasPrefix("  20") == true, "\(lines.last ?? "")")
        guard case .done(let shorter) = backend.history("do1.oxygen", minutes: 1) else { return }
        // The writer's clock ran on a little: about 60 values, none of them the uncertain one 250 s back.
        let count = shorter.first.flatMap { Int($0.split(separator: " ")[4]) }
        #expect((58...60).contains(count ?? 0) && shorter.first?.hasSuffix("worst quality good") == true, "\(shorter)")
    }

    @Test func unknownSeriesAndNoHistorianAreRefused() throws {
        let fixture = HistoryFixture()
        defer { fixture.remove() }
        let writer = try HistoryWriter(settings: fixture.settings())
        try writer.record([("do1.oxygen", 1, .good)], at: Int64(Date().timeIntervalSince1970 * 1000))
        try writer.commit()
        #expect(try Self.backend(historyPath: fixture.path).history("nope", minutes: 5) == .refused(
            "no history of 'nope' (series are points, `device.point`, and `<loop>.sp|pv|out`)"))
        guard case .refused(let off) = try Self.backend(historyPath: nil).history("do1.oxygen", minutes: 5) else {
            Issue.record("history without a historian answered")
            return
        }
        #expect(off.contains("historian is off"))
    }
}
