import Foundation
import Testing
import Config

/// Every file shipped under `Boards/` loads without an error: the data is checked as
/// strictly as a technician's own unit file would be.
@Suite("Shipped Boards/")
struct ShippedBoardsTests {
    /// The package's `Boards/` folder (this file is Tests/ConfigTests/ShippedBoardsTests.swift).
    static let boards = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Boards")

    static func tomlFiles(_ folder: String) -> [String] {
        let url = folder.isEmpty ? boards : boards.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { url.appendingPathComponent($0).path }
    }

    static let units = tomlFiles("units")
    static let boardFiles = tomlFiles("")
    static let profiles = tomlFiles("devices")

    /// A guard against the parametrised tests passing on an empty list.
    @Test func theShippedFilesAreFound() {
        #expect(Self.units.count >= 3)
        #expect(Self.boardFiles.count >= 5)
        #expect(Self.profiles.count >= 6)
    }

    @Test(arguments: units)
    func unitLoads(_ path: String) throws {
        let unit = try load { () throws(ConfigErrors) in try ConfigLoader.loadUnit(at: path) }
        #expect(unit.map { !$0.devices.isEmpty } == true, "\(path) has no devices")
    }

    @Test(arguments: boardFiles)
    func boardLoads(_ path: String) throws {
        let board = try load { () throws(ConfigErrors) in try ConfigLoader.loadBoard(at: path) }
        #expect(board?.id == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    @Test(arguments: profiles)
    func profileLoads(_ path: String) throws {
        let profile = try load { () throws(ConfigErrors) in try ConfigLoader.loadProfile(at: path) }
        #expect(profile.map { !$0.points.isEmpty } == true, "\(path) has no points")
    }

    /// The loaded value, or nil after recording every error line as one issue.
    private func load<T>(_ body: () throws(ConfigErrors) -> T) throws -> T? {
        do {
            return try body()
        } catch {
            Issue.record("\(error.errors.count) error(s):\n\(error.description)")
            return nil
        }
    }
}
