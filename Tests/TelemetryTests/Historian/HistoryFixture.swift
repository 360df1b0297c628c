import Foundation
import Historian

/// A history database in a fresh temporary folder, and helpers to feed it explicit times.
struct HistoryFixture {
    let folder: URL
    var path: String { folder.appendingPathComponent("history.db").path }

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("floc-history-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func settings(rawDays: Double = 30, rollupSeconds: Double = 60, rollupDays: Double = 365) -> HistorySettings {
        HistorySettings(path: path, rawDays: rawDays, rollupIntervalSeconds: rollupSeconds, rollupDays: rollupDays)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// 2026-11-01T00:00:00Z, ms.
    static let epoch: Int64 = 1_793_491_200_000
}
