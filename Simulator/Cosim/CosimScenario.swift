import Config
import Foundation

/// A co-simulation scenario (`Simulator/Scenarios/cosim-*.toml`, docs/simulator.md): a plant, a
/// unit, the influent, operator commands, injected faults and expectations. Decoded strictly.
public struct CosimScenario: Codable, Sendable {
    public struct Head: Codable, Sendable {
        public var name: String
        public var description: String?
        /// The plant file, relative to this file.
        public var plant: String
        /// The unit file, relative to this file.
        public var unit: String
        /// Unit overrides as `floc --set` takes them, e.g. `loops.aeration1.bad_do_delay_s=0`.
        public var set: [String]?
        /// Length of the run: hours or days.
        public var hours: Double?
        public var days: Double?
        /// Dynamic influent file (bsm1; default: constant influent), relative to this file.
        public var influent: String?
        /// Sensor noise file (bsm1; default none), relative to this file.
        public var noise: String?
        /// Seconds between trend records (default 60).
        public var record_s: Double?
    }

    /// An operator command at a time: a loop's setpoint or mode.
    public struct Command: Codable, Sendable, Equatable {
        public var at_s: Double
        public var loop: String
        public var setpoint: Double?
        public var mode: String?
    }

    public var scenario: Head
    public var commands: [Command]?
    public var faults: [InstrumentFault]?
    public var expect: [ScenarioExpectation]?
    /// The file this was read from (not in the file).
    public var path = ""

    private enum CodingKeys: String, CodingKey { case scenario, commands, faults, expect }

    /// Reads and checks the file; throws `ConfigErrors` (`file:line: key: message`).
    public static func load(_ path: String) throws(ConfigErrors) -> CosimScenario {
        var file = try TOMLDecoding.decode(CosimScenario.self, from: path)
        file.path = path
        var problems: [ConfigError] = []
        func add(_ key: String, _ message: String) { problems.append(ConfigError(file: path, line: 0, key: key, message: message)) }
        if (file.scenario.hours == nil) == (file.scenario.days == nil) { add("scenario", "give exactly one of hours, days") }
        if !(file.duration > 0) { add("scenario", "the run must be longer than 0") }
        let names = Set((file.faults ?? []).compactMap(\.name))
        for (i, fault) in (file.faults ?? []).enumerated() {
            if let problem = fault.problem { add("faults.\(i + 1)", problem) }
        }
        for (i, expectation) in (file.expect ?? []).enumerated() {
            if let problem = expectation.problem(faultNames: names) { add("expect.\(i + 1)", problem) }
        }
        for (i, command) in (file.commands ?? []).enumerated() where command.setpoint == nil && command.mode.flatMap(LoopMode.init) == nil {
            add("commands.\(i + 1)", "needs setpoint or mode (auto, manual, oos)")
        }
        if !problems.isEmpty { throw ConfigErrors(problems) }
        return file
    }

    /// Simulated seconds of the run.
    public var duration: Double { scenario.hours.map { $0 * 3600 } ?? scenario.days.map { $0 * 86_400 } ?? 0 }

    /// `relative` resolved against this file's folder.
    public func resolve(_ relative: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return relative.hasPrefix("/") || folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
    }
}
