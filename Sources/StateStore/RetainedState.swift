import Control
import Foundation

/// What `floc run` keeps across a restart: per loop, alarm, piece of equipment and
/// calibrated instrument, plus when it was saved.
///
/// Each kind of item is a dictionary of small `Codable` records stored one row per item;
/// a new kind is a field here, a line in ``rows()`` and a line in ``init(rows:)``.
public struct RetainedState: Sendable, Equatable {
    public var loops: [String: RetainedLoop] = [:]
    /// Only alarms with something to keep (acknowledged while active, or shelved), by alarm id.
    public var alarms: [String: RetainedAlarm] = [:]
    /// Run hours and starts, by equipment name (`blower1`, `ph1.acid`).
    public var equipment: [String: RetainedEquipment] = [:]
    /// The calibration in use, by instrument key; only instruments Floc calibrated.
    public var calibrations: [String: CalibrationRecord] = [:]

    public init(loops: [String: RetainedLoop] = [:], alarms: [String: RetainedAlarm] = [:],
                equipment: [String: RetainedEquipment] = [:], calibrations: [String: CalibrationRecord] = [:]) {
        self.loops = loops
        self.alarms = alarms
        self.equipment = equipment
        self.calibrations = calibrations
    }

    /// True when there is nothing to restore.
    public var isEmpty: Bool { loops.isEmpty && alarms.isEmpty && equipment.isEmpty && calibrations.isEmpty }

    /// One row per item: (kind, name, JSON).
    func rows() throws -> [(kind: String, name: String, json: String)] {
        try Self.encode("loop", loops) + Self.encode("alarm", alarms) + Self.encode("equipment", equipment)
            + Self.encode("calibration", calibrations)
    }

    /// Rebuilds the state from stored rows; rows of unknown kinds (a newer Floc) are ignored.
    init(rows: [(kind: String, name: String, json: String)]) throws {
        loops = try Self.decode("loop", rows)
        alarms = try Self.decode("alarm", rows)
        equipment = try Self.decode("equipment", rows)
        calibrations = try Self.decode("calibration", rows)
    }

    private static func encode<T: Encodable>(_ kind: String, _ items: [String: T]) throws -> [(kind: String, name: String, json: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try items.sorted { $0.key < $1.key }.map { (kind, $0.key, String(decoding: try encoder.encode($0.value), as: UTF8.self)) }
    }

    private static func decode<T: Decodable>(_ kind: String, _ rows: [(kind: String, name: String, json: String)]) throws -> [String: T] {
        var items: [String: T] = [:]
        for row in rows where row.kind == kind {
            items[row.name] = try JSONDecoder().decode(T.self, from: Data(row.json.utf8))
        }
        return items
    }
}

/// One loop's operator state.
public struct RetainedLoop: Sendable, Equatable, Codable {
    /// `auto`, `manual` or `oos`.
    public var mode: String
    /// PV units.
    public var setpoint: Double
    /// Output units; only while in manual.
    public var manualOutput: Double?
    /// ``ConfigFingerprint/loop(_:)`` of the loop's definition when saved.
    public var fingerprint: String

    public init(mode: String, setpoint: Double, manualOutput: Double?, fingerprint: String) {
        self.mode = mode
        self.setpoint = setpoint
        self.manualOutput = manualOutput
        self.fingerprint = fingerprint
    }
}

/// One alarm's operator state.
public struct RetainedAlarm: Sendable, Equatable, Codable {
    /// Active and acknowledged when saved: re-acknowledged if it returns soon after start.
    public var acknowledged: Bool
    /// Wall-clock seconds since 1970 when a shelve ends; nil when not shelved.
    public var shelvedUntil: Double?

    public init(acknowledged: Bool, shelvedUntil: Double?) {
        self.acknowledged = acknowledged
        self.shelvedUntil = shelvedUntil
    }
}

/// One blower's or pump's maintenance counters.
public struct RetainedEquipment: Sendable, Equatable, Codable {
    /// Seconds run in total, whole minutes (rounded down so that a running blower changes the
    /// state once a minute, not every second).
    public var runSeconds: Double
    public var starts: Int

    public init(runSeconds: Double, starts: Int) {
        self.runSeconds = runSeconds
        self.starts = starts
    }
}
