import Foundation
import Testing
@testable import Config

/// Paths into the test fixtures (a small `Boards/` tree: board, devices/, units/).
enum Fixture {
    static let root: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The error lines of loading `units/<name>.toml`, as `floc check` would print them.
    static func unitErrors(_ name: String, overrides: [String] = []) -> [String] {
        errors(loading: path("units/\(name).toml"), overrides: overrides)
    }

    /// The error lines of loading the unit file at `file`; empty when it loads.
    static func errors(loading file: String, overrides: [String] = []) -> [String] {
        do {
            _ = try ConfigLoader.loadUnit(at: file, overrides: overrides)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }
}
