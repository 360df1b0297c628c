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
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.add(file: path, line: 0, message: "cannot read file")
            return nil
        }
        let parsed = TOMLParser.parse(String(decoding: data, as: UTF8.self))
        for error in parsed.errors {
            diagnostics.add(file: path, line: error.line, key: error.key, message: error.message)
        }
        guard parsed.complete else { return nil }
        let root = TableReader(parsed.table, path: [], file: path, line: 0, diagnostics: diagnostics)
        defer { root.finish() }
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
        }
        let head = root.table("scenario", required: true)
        let name = head?.string("name") ?? ""
        let description = head?.string("description", default: "") ?? ""
        let unit = head?.string("unit").map(resolve) ?? ""
        let boards = head?.optionalString("boards").map(resolve)
        let plant = readPlant(root.table("plant", required: true), override: plantOverride, resolve: resolve)
        let tickMs = root.table("emulator")?.int("tick_ms", default: 100, range: 10...60_000, unit: "ms") ?? 100
        var bindings: [PointBinding] = []
        var constants: [PointConstant] = []
        if let table = root.table("bindings") {
            for (key, node) in PointKeys.entries(table) {
                if let binding = readBinding(key, node, in: table) { bindings.append(binding) }
            }
        }
        if let table = root.table("constants") {
            for (key, node) in PointKeys.entries(table) {
                if let constant = readConstant(key, node, in: table) { constants.append(constant) }
            }
        }
        let faults = FaultReader.read(root, diagnostics: diagnostics)
        return Scenario(name: name, description: description, unitPath: unit, boardsDirectory: boards,
                        plant: plant, tick: Double(tickMs) / 1000, bindings: bindings, constants: constants,
                        faults: faults, file: path)
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
