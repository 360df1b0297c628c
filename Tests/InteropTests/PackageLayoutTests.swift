import FlocTestSupport
import Foundation
import HALLinux
import Testing

/// `scripts/build-deb` run on the test build's binaries: the package holds what docs/install.md
/// promises, and every example unit it ships loads with the boards it ships, using the packaged floc.
@Suite(.serialized) struct PackageLayoutTests {
    static var binaries: String? {
        guard let floc = FlocCommand.binary else { return nil }
        let folder = URL(fileURLWithPath: floc).deletingLastPathComponent().path
        return FileManager.default.isExecutableFile(atPath: folder + "/floc-sim") ? folder : nil
    }

    static var toolsAvailable: Bool {
        ["/usr/bin/dpkg-deb", "/usr/bin/dpkg-architecture"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: binaries != nil && toolsAvailable, "needs floc, floc-sim and dpkg-dev"))
    func packageHoldsTheInstalledLayoutAndItsExamplesLoad() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("floc-deb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let root = PeerProcess.packageRoot.path
        let built = try run("\(root)/scripts/build-deb", ["--binaries", try #require(Self.binaries), "--output", work],
                            environment: ["FLOC_DEB_COMPRESSION": "none"])
        #expect(built.status == 0, "build-deb failed: \(built.output)")
        let deb = try #require(built.output.split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb") && FileManager.default.fileExists(atPath: deb))

        let control = try run("/usr/bin/dpkg-deb", ["-f", deb, "Package", "Depends"]).output
        #expect(control.contains("Package: floc"))
        #expect(control.contains("libmodbus5") && control.contains("libgpiod2") && control.contains("libmosquitto1"))

        let tree = work + "/tree"
        #expect(try run("/usr/bin/dpkg-deb", ["-x", deb, tree]).status == 0)
        #expect(try run("/usr/bin/dpkg-deb", ["-e", deb, tree + "/DEBIAN"]).status == 0)
        for path in ["usr/bin/floc", "usr/bin/floc-sim", "lib/systemd/system/floc.service", "lib/udev/rules.d/99-floc.rules",
                     "usr/lib/systemd/journald.conf.d/60-floc.conf", "etc/floc/boards/rpi4.toml",
                     "etc/floc/boards/devices", "usr/share/floc/examples/units", "usr/share/doc/floc/docs/install.md"] {
            #expect(FileManager.default.fileExists(atPath: "\(tree)/\(path)"), "missing \(path)")
        }
        let service = try String(contentsOfFile: tree + "/lib/systemd/system/floc.service", encoding: .utf8)
        #expect(service.contains("ExecStart=/usr/bin/floc run /etc/floc/unit.toml --boards /etc/floc/boards"))
        #expect(service.contains("ConditionPathExists=/etc/floc/unit.toml"))
        let conffiles = try String(contentsOfFile: tree + "/DEBIAN/conffiles", encoding: .utf8)
        #expect(conffiles.split(separator: "\n").contains("/etc/floc/boards/rpi4.toml"))
        #expect(!conffiles.contains("/usr/"), "only /etc files are conffiles")
        for script in ["postinst", "prerm", "postrm"] {
            #expect(try run("/bin/sh", ["-n", "\(tree)/DEBIAN/\(script)"]).status == 0, "\(script) is not valid sh")
        }

        let examples = tree + "/usr/share/floc/examples/units"
        let units = try FileManager.default.contentsOfDirectory(atPath: examples).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(units.count >= 3)
        for unit in units {
            let check = try run(tree + "/usr/bin/floc", ["check", "\(examples)/\(unit)", "--boards", tree + "/etc/floc/boards"])
            #expect(check.status == 0, "packaged \(unit) does not load with the packaged boards: \(check.output)")
        }
    }

    private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = PeerProcess.packageRoot
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("floc-deb-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.runWithSignalsUnblocked()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
