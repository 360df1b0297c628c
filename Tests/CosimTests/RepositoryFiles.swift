import Foundation

/// Paths of files in the repository and of the BSM1 reference data beside it (../shared/bsm1).
enum RepositoryFiles {
    /// The package root: Tests/CosimTests/<file>.swift -> two folders up.
    static func root(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func path(_ relative: String) -> String { root().appendingPathComponent(relative).path }

    static func bsm1Data(_ name: String) -> String {
        root().deletingLastPathComponent().appendingPathComponent("shared/bsm1/\(name)").standardizedFileURL.path
    }

    /// Every co-simulation scenario with expectations: `Simulator/Scenarios/*.toml` with `[[expect]]`
    /// and a `[scenario] plant` (the emulator's scenarios name a model instead).
    static var scenariosWithExpectations: [String] {
        let folder = path("Simulator/Scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().filter { name in
            let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            return text.contains("[[expect]]") && text.range(of: #"(?m)^plant\s*=\s*""#, options: .regularExpression) != nil
        }
    }
}
