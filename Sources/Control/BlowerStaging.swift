/// Starts and stops blowers on one header from a common speed demand: a lag blower starts
/// when the running ones stay fast, one stops when they stay slow, never against a blower's
/// minimum run or stop time. The stopped blower with the fewest run hours starts and the
/// running one with the most stops, so the lead rotates at starts and stops only. An
/// unavailable blower drops out and a standby starts in its place.
public struct BlowerStaging: Sendable {
    public let settings: BlowerStagingSettings
    /// Counters and state per blower, in configuration order: persist them.
    public private(set) var records: [BlowerRecord]
    /// Blowers staging wants running.
    public private(set) var wanted: Int
    private var aboveFor = 0.0
    private var belowFor = 0.0

    /// Throws `ControlParameterError` for bad settings or a record count that does not match.
    public init(settings: BlowerStagingSettings, records: [BlowerRecord]? = nil) throws(ControlParameterError) {
        var found = settings.problems
        if let records, records.count != settings.blowers.count { found.append("one record per blower is needed") }
        if !found.isEmpty { throw ControlParameterError(problems: found) }
        self.settings = settings
        self.records = records ?? settings.blowers.map { _ in BlowerRecord() }
        wanted = max(settings.minimumRunning, self.records.filter(\.running).count)
    }

    /// Runs one scan: `demand` is the speed the loop asks of every running blower (%),
    /// `available[i]` false for a blower tripped, in hand/off or interlocked; `dt` seconds.
    @discardableResult
    public mutating func update(demand: Double, available: [Bool], dt: Double) -> BlowerStagingInfo {
        let step = dt.isFinite && dt > 0 ? dt : 0
        let demand = demand.isFinite ? demand : 0
        var events: [BlowerEvent] = []
        for i in records.indices {
            records[i].sinceChange += step
            let isAvailable = i < available.count ? available[i] : false
            if records[i].running, isAvailable { records[i].runSeconds += step }
            if records[i].running, !isAvailable {
                records[i].running = false
                records[i].sinceChange = 0
                events.append(BlowerEvent(blower: i, started: false, reason: .unavailable))
            }
        }
        let isAvailable = { (i: Int) in i < available.count && available[i] }

        aboveFor = demand >= settings.startAbove ? aboveFor + step : 0
        belowFor = demand <= settings.stopBelow ? belowFor + step : 0
        var startReason = BlowerEvent.Reason.minimumRunning
        if aboveFor >= settings.startDelay, runningCount == wanted, wanted < records.count, candidateToStart(isAvailable) != nil {
            wanted += 1
            startReason = .demandHigh
            aboveFor = 0
        } else if belowFor >= settings.stopDelay, runningCount == wanted, wanted > settings.minimumRunning,
                  candidateToStop() != nil {
            wanted -= 1
            belowFor = 0
        } else if !events.isEmpty {
            startReason = .replacing
        }

        while runningCount < wanted, let i = candidateToStart(isAvailable) {
            records[i].running = true
            records[i].sinceChange = 0
            records[i].starts += 1
            events.append(BlowerEvent(blower: i, started: true, reason: startReason))
        }
        while runningCount > wanted, let i = candidateToStop() {
            records[i].running = false
            records[i].sinceChange = 0
            events.append(BlowerEvent(blower: i, started: false, reason: .demandLow))
        }

        let commands = zip(settings.blowers, records).map { blower, record in
            BlowerCommand(run: record.running,
                          speed: record.running ? min(max(demand, blower.minimumSpeed), blower.maximumSpeed) : 0)
        }
        let running = runningCount
        return BlowerStagingInfo(commands: commands, events: events, wanted: wanted, running: running, short: running < wanted)
    }

    private var runningCount: Int { records.filter(\.running).count }

    /// The available stopped blower past its minimum stop time with the fewest run hours.
    private func candidateToStart(_ isAvailable: (Int) -> Bool) -> Int? {
        records.indices
            .filter { !records[$0].running && isAvailable($0) && records[$0].sinceChange >= settings.blowers[$0].minimumStopTime }
            .min { records[$0].runSeconds < records[$1].runSeconds }
    }

    /// The running blower past its minimum run time with the most run hours.
    private func candidateToStop() -> Int? {
        records.indices
            .filter { records[$0].running && records[$0].sinceChange >= settings.blowers[$0].minimumRunTime }
            .max { records[$0].runSeconds < records[$1].runSeconds }
    }
}
