import Foundation
import Plant

/// A lock-step soak: Floc's unit program against a plant for whole simulated days with the
/// faults of a `SoakSchedule`, the telemetry sampler, queue and retained state on disk
/// (`SoakPersistence`), and this process's memory, descriptors and threads read at the end of
/// every day. Nothing is recorded per scan, so what grows is what the controller keeps.
public struct CosimSoak {
    public var plantFile: CosimPlantFile
    public var unit: WiredUnit
    public var days: Int
    public var schedule = SoakSchedule()
    /// Simulated seconds between telemetry samples (and retained-state checks).
    public var sampleInterval = 60.0
    /// Folder for telemetry.db and state.db; nil runs the scan alone.
    public var folder: String?
    /// Records the telemetry queue holds (drop-oldest beyond).
    public var queueBound = 100

    public init(plantFile: CosimPlantFile, unit: WiredUnit, days: Int) {
        self.plantFile = plantFile
        self.unit = unit
        self.days = days
    }

    /// Runs; `afterDay` sees each day's row as it ends (for printing as it goes). Throws plant,
    /// wiring, program or SQLite errors.
    public func run(afterDay: (SoakDay) -> Void = { _ in }) throws -> SoakResult {
        let plant = try CosimRunner(plantFile: plantFile, unit: unit, duration: 0).makePlant()
        let cosim = try CoSimulation(unit: unit.unit, plant: plant, wiring: unit.wiring(for: plant))
        let persistence = try folder.map { try SoakPersistence(unit: unit.unit, folder: $0, maxRecords: queueBound) }
        var rows = [SoakDay(day: 0, resources: .current(), wallSeconds: 0, scans: 0)]
        afterDay(rows[0])
        let started = ContinuousClock.now
        let scansPerSample = max(1, Int((sampleInterval / cosim.period).rounded()))
        let scansPerDay = Int((schedule.dayLength / cosim.period).rounded())
        for day in 0..<days {
            cosim.faults = schedule.faults(day: day)
            var sums = (do: 0.0, ph: 0.0, n: 0)
            for scan in 1...scansPerDay {
                cosim.step()
                guard scan % scansPerSample == 0 else { continue }
                try persistence?.sample(cosim, uplinkUp: !schedule.uplinkDown(at: cosim.time - cosim.period))
                if let value = plant.value(of: "basin.do"), let ph = plant.value(of: "basin.ph") {
                    sums = (sums.do + value, sums.ph + ph, sums.n + 1)
                }
            }
            var row = SoakDay(day: day + 1, resources: .current(),
                              wallSeconds: (ContinuousClock.now - started) / .seconds(1), scans: cosim.scans)
            row.meanDO = sums.n > 0 ? sums.do / Double(sums.n) : nil
            row.meanPH = sums.n > 0 ? sums.ph / Double(sums.n) : nil
            row.annunciated = cosim.snapshot.annunciated.count
            if let persistence {
                row.telemetry = persistence.counters
                row.queued = try persistence.queue.count()
            }
            rows.append(row)
            afterDay(row)
        }
        return SoakResult(days: rows, unwiredOutputs: cosim.unwiredOutputs.sorted())
    }
}

/// The end of one simulated day of a soak (day 0: before the first scan).
public struct SoakDay: Sendable {
    public var day: Int
    public var resources: ProcessResources
    /// Wall seconds since the first scan.
    public var wallSeconds: Double
    public var scans: Int
    /// Means over the day's samples: the plant stayed under control.
    public var meanDO: Double?
    public var meanPH: Double?
    /// Alarms annunciated at the end of the day.
    public var annunciated = 0
    /// Telemetry and retained-state counts so far (nil without persistence).
    public var telemetry: SoakPersistence.Counters?
    public var queued: Int?

    public init(day: Int, resources: ProcessResources, wallSeconds: Double, scans: Int) {
        self.day = day
        self.resources = resources
        self.wallSeconds = wallSeconds
        self.scans = scans
    }
}
