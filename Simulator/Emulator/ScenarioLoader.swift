import Config
import Foundation
import HAL

/// Reads a scenario file strictly, as Config reads a unit: every error is collected and
/// thrown once as `ConfigErrors` (`file:line: key: message`), and an unknown key is an error.
public enum ScenarioLoader {
    /// Loads the scenario at `path`. `plantOverride` replaces `[plant] model` (e.g. `table`).
    public static func load(at path: String, plantOverride: String? = nil) throws(ConfigErrors) -> Scenario {
        let diagnostics = ConfigDiagnostics()
        let scenario = read(path, plantOverride: plantOverride, diagnostics: diagnostics)
        try diagnostics.throwIfAny()
        return scenario!
    }

    static func read(_ path: String, plantOverride: String?, diagnostics: ConfigDiagnostics) -> Scenario? {
        guard let root = open(path, diagnostics: diagnostics) else { return nil }
        let resolve = resolver(path)
        if root.table["scenario"] == nil, root.table["emulator"] != nil {
            // A plant file: only [emulator] is ours, the rest is the plant model's.
            guard let emulator = readEmulator(root.table("emulator", required: true), resolve: resolve) else { return nil }
            return Scenario(name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                            description: "", unitPath: emulator.unit ?? "", boardsDirectory: emulator.boards,
                            plant: PlantChoice(model: plantOverride ?? emulator.model, file: path, initial: [:], line: emulator.modelLine),
                            tick: emulator.tick ?? 0.1, bindings: emulator.bindings, constants: emulator.constants,
                            faults: [], file: path)
        }
        defer { root.finish() }
        if root.table["scenario"] == nil {
            diagnostics.add(file: path, line: 0, message: "neither a scenario ([scenario]) nor a plant file with [emulator] (docs/simulator.md)")
            return nil
        }
        let head = root.table("scenario", required: true)
        let name = head?.string("name") ?? ""
        let description = head?.string("description", default: "") ?? ""
        let plant = readPlant(root.table("plant", required: true), override: plantOverride, resolve: resolve)
        // The plant file's [emulator] gives the unit, tick, bindings and constants the scenario does not.
        let inherited = plant.file.flatMap { file in
            open(file, diagnostics: diagnostics).flatMap { $0.table["emulator"] == nil ? nil : $0 }
                .flatMap { readEmulator($0.table("emulator"), resolve: resolver(file)) }
        }
        let unitNode = head?.node("unit")
        let unit = (unitNode == nil && inherited?.unit != nil ? inherited?.unit : head?.string("unit").map(resolve)) ?? ""
        let boards = head?.optionalString("boards").map(resolve) ?? (unitNode == nil ? inherited?.boards : nil)
        let emulator = root.table("emulator")
        let tickMs = emulator?.isAbsent("tick_ms") == false || inherited?.tick == nil
            ? emulator?.int("tick_ms", default: 100, range: 10...60_000, unit: "ms") ?? 100 : nil
        let own = readPoints(bindings: root.table("bindings"), constants: root.table("constants"))
        let ownKeys = Set(own.bindings.map(\.key) + own.constants.map(\.key))
        let faults = FaultReader.read(root, diagnostics: diagnostics)
        return Scenario(name: name, description: description, unitPath: unit, boardsDirectory: boards,
                        plant: plant, tick: tickMs.map { Double($0) / 1000 } ?? inherited?.tick ?? 0.1,
                        bindings: (inherited?.bindings ?? []).filter { !ownKeys.contains($0.key) } + own.bindings,
                        constants: (inherited?.constants ?? []).filter { !ownKeys.contains($0.key) } + own.constants,
                        faults: faults, file: path)
    }

    /// The parsed file as a strict reader; nil (and the errors recorded) when unreadable or
    /// not TOML.
    static func open(_ path: String, diagnostics: ConfigDiagnostics) -> TableReader? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.add(file: path, line: 0, message: "cannot read file")
            return nil
        }
        let parsed = TOMLParser.parse(String(decoding: data, as: UTF8.self))
        for error in parsed.errors {
            diagnostics.add(file: path, line: error.line, key: error.key, message: error.message)
        }
        guard parsed.complete else { return nil }
        return TableReader(parsed.table, path: [], file: path, line: 0, diagnostics: diagnostics)
    }

    private static func resolver(_ path: String) -> (String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return { relative in
            relative.hasPrefix("/") || folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
        }
    }

    /// A plant file's `[emulator]`: how the plant is instrumented as a unit.
    struct EmulatorSection {
        var model: String
        var modelLine: Int
        var unit: String?
        var boards: String?
        var tick: Double?
        var bindings: [PointBinding]
        var constants: [PointConstant]
    }

    private static func readEmulator(_ table: TableReader?, resolve: (String) -> String) -> EmulatorSection? {
        guard let table else { return nil }
        defer { table.finish() }
        let model = table.string("model") ?? ""
        let unit = table.string("unit").map(resolve)
        let boards = table.optionalString("boards").map(resolve)
        let tick = table.isAbsent("tick_ms") ? nil : table.int("tick_ms", default: 100, range: 10...60_000, unit: "ms").map { Double($0) / 1000 }
        let points = readPoints(bindings: table.table("bindings"), constants: table.table("constants"))
        return EmulatorSection(model: model, modelLine: table.node("model")?.line ?? table.line, unit: unit, boards: boards,
                               tick: tick, bindings: points.bindings, constants: points.constants)
    }

    private static func readPoints(bindings: TableReader?, constants: TableReader?) -> (bindings: [PointBinding], constants: [PointConstant]) {
        var result: ([PointBinding], [PointConstant]) = ([], [])
        if let table = bindings {
            for (key, node) in PointKeys.entries(table) {
                if let binding = readBinding(key, node, in: table) { result.0.append(binding) }
            }
        }
        if let table = constants {
            for (key, node) in PointKeys.entries(table) {
                if let constant = readConstant(key, node, in: table) { result.1.append(constant) }
            }
        }
        return result
    }

    private static func readPlant(_ table: TableReader?, override: String?, resolve: (String) -> String) -> PlantChoice {
        let model = table?.string("model") ?? ""
        let file = table?.optionalString("file").map(resolve)
        var initial: [String: Double] = [:]
        if let values = table?.table("initial") {
            for (key, node) in PointKeys.entries(values) {
                if let number = TableReader.number(node) { initial[key] = number } else {
                    values.wrongType(key, expected: "number", node)
                }
            }
        }
        return PlantChoice(model: override ?? model, file: file, initial: initial, line: table?.node("model")?.line ?? 0)
    }

    private static func readBinding(_ key: String, _ node: TOMLNode, in table: TableReader) -> PointBinding? {
        guard let parts = PointKeys.split(key, table: table, node: node) else { return nil }
        var signal = node.string
        var scale = 1.0
        var offset = 0.0
        if let inline = node.table {
            let reader = TableReader(inline, path: table.path + [key], file: table.file, line: node.line,
                                     diagnostics: table.diagnostics)
            signal = reader.string("signal")
            scale = reader.double("scale", default: 1, range: -1e12...1e12) ?? 1
            offset = reader.double("offset", default: 0, range: -1e12...1e12) ?? 0
            if scale == 0 { reader.error("scale", "must not be 0", at: inline["scale"]) }
            reader.finish()
        } else if signal == nil {
            table.wrongType(key, expected: "signal name or { signal = ..., scale = ..., offset = ... }", node)
        }
        guard let signal, !signal.isEmpty else { return nil }
        return PointBinding(device: parts.device, point: parts.point, flag: parts.flag, signal: signal,
                            scale: scale, offset: offset, line: node.line)
    }

    private static func readConstant(_ key: String, _ node: TOMLNode, in table: TableReader) -> PointConstant? {
        guard let parts = PointKeys.split(key, table: table, node: node) else { return nil }
        let value: PointConstant.Value
        if let number = TableReader.number(node) {
            value = .number(number)
        } else if let flag = node.boolean {
            value = .number(flag ? 1 : 0)
        } else if node.string == "address" {
            value = .deviceAddress
        } else {
            table.wrongType(key, expected: "number, boolean or \"address\"", node)
            return nil
        }
        return PointConstant(device: parts.device, point: parts.point, flag: parts.flag, value: value, line: node.line)
    }
}

/// Keys of `[bindings]`, `[constants]` and `[plant.initial]`: quoted (`"do1.oxygen"`) or dotted
/// (`do1.oxygen`, which TOML nests as tables), flattened to dotted names.
enum PointKeys {
    /// Every leaf under `table` with its dotted name; a table holding `signal` is a leaf.
    static func entries(_ table: TableReader) -> [(String, TOMLNode)] {
        var result: [(String, TOMLNode)] = []
        func walk(_ prefix: String, _ node: TOMLNode) {
            if let nested = node.table, nested["signal"] == nil {
                for (key, child) in nested.entries { walk(prefix + "." + key, child) }
            } else {
                result.append((prefix, node))
            }
        }
        for (key, node) in table.table.entries {
            _ = table.node(key)
            walk(key, node)
        }
        return result
    }

    /// `device.point[.flag]`; an error (and nil) for any other shape.
    static func split(_ key: String, table: TableReader, node: TOMLNode) -> (device: String, point: String, flag: String?)? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts.contains(where: \.isEmpty) else {
            table.error(key, "expected <device>.<point> or <device>.<point>.<bit>", at: node)
            return nil
        }
        return (parts[0], parts[1], parts.count == 3 ? parts[2] : nil)
    }
}
