import Config
import Foundation
import Plant

/// The plant models a scenario may name in `[plant] model`, and how each is built.
///
/// `table` is always here. Physical models register a builder (`register(_:builder:)`)
/// before scenarios are loaded; a model named but not registered is a clear error.
public struct PlantModels {
    /// Builds a plant for a scenario (its `[plant]` table, the unit and the bindings);
    /// throws a message for the user when the model cannot be built.
    public typealias Builder = (Scenario, UnitConfig) throws -> any InstrumentedPlant

    private var builders: [String: Builder] = ["table": PlantModels.table, "container": PlantModels.container]

    public init() {}

    /// Adds or replaces the builder of `model`.
    public mutating func register(_ model: String, builder: @escaping Builder) { builders[model] = builder }

    /// Model names that can be built, sorted.
    public var names: [String] { builders.keys.sorted() }

    /// The scenario's plant; fails with ``PlantModelError`` for a model that is not built in.
    public func make(for scenario: Scenario, unit: UnitConfig) throws -> any InstrumentedPlant {
        guard let builder = builders[scenario.plant.model] else {
            throw PlantModelError(file: scenario.file, line: scenario.plant.line,
                                  message: "plant model '\(scenario.plant.model)' is not built in this version "
                                      + "(available: \(names.joined(separator: ", ")); try --plant table)")
        }
        return try builder(scenario, unit)
    }

    /// A ``ContainerPlant`` from the description file the scenario's `[plant] file` names.
    public static func container(_ scenario: Scenario, _ unit: UnitConfig) throws -> any InstrumentedPlant {
        guard let file = scenario.plant.file else {
            throw PlantModelError(file: scenario.file, line: scenario.plant.line,
                                  message: "plant model 'container' needs `file` in [plant] (e.g. \"../plants/container.toml\")")
        }
        do {
            return ContainerPlant(try containerDescription(at: file))
        } catch {
            throw PlantModelError(file: scenario.file, line: scenario.plant.line,
                                  message: "plant file has errors:\n" + error.description)
        }
    }

    /// The plant file at `path` as its model reads it: the `[emulator]` tables, which are
    /// floc-sim's, blanked (lines kept, so errors still name the file's lines). Those tables
    /// run from their header to the next header of another table.
    /// The container model's description in a plant file, its `[emulator]` tables left out.
    public static func containerDescription(at file: String) throws(ConfigErrors) -> ContainerPlantDescription {
        try TOMLDecoding.decode(ContainerPlantDescription.self, text: try modelText(of: file), file: file)
    }

    public static func modelText(of path: String) throws(ConfigErrors) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, message: "cannot read file")])
        }
        var inEmulator = false
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("[") {
                let name = trimmed.drop { $0 == "[" || $0 == " " }
                inEmulator = name.hasPrefix("emulator]") || name.hasPrefix("emulator.") || name.hasPrefix("emulator ")
            }
            return inEmulator ? "" : String(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A ``TablePlant`` with one signal per bound name: commanded when bound to a writable
    /// point, measured otherwise; initial values from `[plant.initial]`.
    public static func table(_ scenario: Scenario, _ unit: UnitConfig) -> any InstrumentedPlant {
        var directions: [String: PlantSignal.Direction] = [:]
        var units: [String: String] = [:]
        var order: [String] = []
        for binding in scenario.bindings {
            let spec = unit.device(named: binding.device)?.profile.point(named: binding.point)
            let commanded = spec?.access.canWrite == true
            if directions[binding.signal] == nil { order.append(binding.signal) }
            if commanded || directions[binding.signal] == nil {
                directions[binding.signal] = commanded ? .commanded : .measured
            }
            if units[binding.signal] == nil, binding.flag == nil, binding.scale == 1, binding.offset == 0 {
                units[binding.signal] = spec?.unit
            }
        }
        for name in scenario.plant.initial.keys.sorted() where directions[name] == nil {
            order.append(name)
            directions[name] = .measured
        }
        let signals = order.map { PlantSignal(name: $0, unit: units[$0] ?? "", direction: directions[$0]!) }
        return TablePlant(signals: signals, initial: scenario.plant.initial)
    }
}

/// A plant model that cannot be built, with the scenario line that names it.
public struct PlantModelError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { ConfigError(file: file, line: line, key: "plant.model", message: message).description }
}
