import Console

/// `history`: answered by the reader `floc run` hands over (`historyLines`), which opens the
/// history database read-only, so the console never waits for the historian's writer or the scan.
extension UnitConsoleBackend {
    public func history(_ series: String, minutes: Int) -> ConsoleReply {
        guard let historyLines else { return .refused("no history: the historian is off ([historian] enabled = false)") }
        do {
            return .done(try historyLines(series, minutes))
        } catch {
            return .refused("\(error)")
        }
    }
}
