import Console
import Foundation
import Historian

/// `history`: read from the historian's database with its own read-only connection, so the
/// console never waits for the writer (WAL) nor the scan.
extension UnitConsoleBackend {
    public func history(_ series: String, minutes: Int) -> ConsoleReply {
        guard let historyPath else { return .refused("no history: the historian is off ([historian] enabled = false)") }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        do {
            let reader = try HistoryReader(path: historyPath)
            return .done(try HistoryDigest(reader: reader, series: series, minutes: minutes, now: now).lines)
        } catch .unknownSeries {
            return .refused("no history of '\(series)': recorded are points (`device.point`) and `<loop>.sp|pv|out`")
        } catch {
            return .refused("no history: \(error)")
        }
    }
}
