import Foundation
import Testing

/// The BSM1 reference data in `../shared/bsm1/` beside the package root.
enum ReferenceData {
    struct MissingFolder: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "BSM1 reference data not found at \(path): clone the shared data beside the repository (../shared/bsm1)"
        }
    }

    /// The folder, or an error naming where it was looked for.
    static func folder(filePath: String = #filePath) throws -> URL {
        // Tests/PlantTests/<file>.swift -> package root -> ../shared/bsm1
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.deletingLastPathComponent().appendingPathComponent("shared/bsm1").standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MissingFolder(path: folder.path)
        }
        return folder
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder().appendingPathComponent(name), encoding: .utf8)
    }

    /// Rows of a comma-separated file, header first (the files have no quoted commas).
    static func csv(_ name: String) throws -> [[String]] {
        try text(name).split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder().appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
