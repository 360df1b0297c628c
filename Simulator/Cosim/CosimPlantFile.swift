import Config
import Emulator
import Foundation

/// A plant for co-simulation (`Simulator/plants/<name>.toml`, docs/simulator.md): which model,
/// its settings, and how the instruments of the units that run against it are wired to its
/// signals. Decoded strictly: an unknown key is an error with its line.
public struct CosimPlantFile: Codable, Sendable, Equatable {
    public struct Head: Codable, Sendable, Equatable {
        /// `bsm1` or `container`.
        public var model: String
        public var name: String?
        /// The container model's description, relative to this file.
        public var file: String?
        /// Seed of the instrument noise (container).
        public var seed: UInt64?
        /// Relative and absolute tolerance of the ODE integration (bsm1, default 1e-6).
        public var tolerance: Double?
    }

    public var plant: Head
    /// Wiring, by `device.point[.bit]` (quoted keys).
    public var bindings: [String: SignalBinding]
    /// The file this was read from (not in the file).
    public var path = ""
    /// The unit the file is instrumented as (`[emulator] unit`, resolved), when it names one.
    public var unitPath: String?
    /// The boards folder of `[emulator] boards` (resolved), when given.
    public var boardsDirectory: String?

    private enum CodingKeys: String, CodingKey { case plant, bindings }

    /// Reads and checks the file; throws `ConfigErrors` (`file:line: key: message`). A plant file
    /// with `[emulator]` (the one `floc-sim serve` takes) is read with its `[emulator.bindings]`:
    /// the model is the file itself; `[emulator.constants]` are the emulator's, not used here.
    public static func load(_ path: String) throws(ConfigErrors) -> CosimPlantFile {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if text.range(of: #"(?m)^\[emulator\]"#, options: .regularExpression) != nil,
           text.range(of: #"(?m)^\[plant\]"#, options: .regularExpression) == nil {
            return try serving(path)
        }
        var file = try TOMLDecoding.decode(CosimPlantFile.self, from: path)
        file.path = path
        guard ["bsm1", "container"].contains(file.plant.model) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, key: "plant.model",
                                            message: "'\(file.plant.model)' is not a co-simulation model (bsm1, container)")])
        }
        if file.plant.model == "container", file.plant.file == nil {
            throw ConfigErrors([ConfigError(file: path, line: 0, key: "plant.file", message: "the container model needs its description file")])
        }
        return file
    }

    /// A serve plant file read through the emulator's loader, so both read one wiring the same way.
    private static func serving(_ path: String) throws(ConfigErrors) -> CosimPlantFile {
        let served = try ScenarioLoader.load(at: path)
        guard ["bsm1", "container"].contains(served.plant.model) else {
            throw ConfigErrors([ConfigError(file: path, line: served.plant.line, key: "emulator.model",
                                            message: "'\(served.plant.model)' is not a co-simulation model (bsm1, container)")])
        }
        let bindings = Dictionary(served.bindings.map { ($0.key, SignalBinding(signal: $0.signal, scale: $0.scale, offset: $0.offset)) },
                                  uniquingKeysWith: { _, last in last })
        var file = CosimPlantFile(plant: Head(model: served.plant.model, name: nil, file: (path as NSString).lastPathComponent),
                                  bindings: bindings, path: path)
        file.unitPath = served.unitPath.isEmpty ? nil : served.unitPath
        file.boardsDirectory = served.boardsDirectory
        return file
    }

    /// `relative` resolved against this file's folder.
    public func resolve(_ relative: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return relative.hasPrefix("/") || folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
    }

    public var name: String { plant.name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
}
