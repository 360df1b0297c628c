/// Loads Floc's TOML configuration into typed, validated models. Every error of every file
/// involved is collected and thrown once, as `ConfigErrors` sorted by file then line.
public enum ConfigLoader {
    /// Loads a unit with its board and device profiles, after applying `--set table.key=value` overrides.
    /// `boardsDirectory` defaults to the parent of the unit file's folder (`Boards/units/x.toml` -> `Boards`).
    public static func loadUnit(at path: String, boardsDirectory: String? = nil, overrides: [String] = []) throws(ConfigErrors) -> UnitConfig {
        let diagnostics = ConfigDiagnostics()
        var unit: UnitConfig?
        if var root = ConfigDocument.load(path, diagnostics: diagnostics) {
            UnitOverrides.apply(overrides, to: &root, diagnostics: diagnostics)
            var loader = UnitLoader(file: path, boardsDirectory: boardsDirectory ?? ConfigPath.parent(of: ConfigPath.directory(of: path)),
                                    diagnostics: diagnostics)
            unit = loader.load(root)
        }
        try diagnostics.throwIfAny()
        return unit!
    }

    /// Loads a board file (`Boards/<board>.toml`); its id is the file's base name.
    public static func loadBoard(at path: String) throws(ConfigErrors) -> BoardConfig {
        let diagnostics = ConfigDiagnostics()
        let board = BoardLoader.load(path, diagnostics: diagnostics)
        try diagnostics.throwIfAny()
        return board!
    }

    /// Loads a device profile (`Boards/devices/<profile>.toml`); its id is the file's base name.
    public static func loadProfile(at path: String) throws(ConfigErrors) -> DeviceProfile {
        let diagnostics = ConfigDiagnostics()
        let profile = ProfileLoader.load(path, diagnostics: diagnostics)
        try diagnostics.throwIfAny()
        return profile!
    }
}
