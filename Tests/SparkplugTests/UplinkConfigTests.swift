import Config
import FlocTestSupport
import Foundation
import Testing

/// `[uplinks.sparkplug]` and `[uplinks.hj212]` in a unit file: values, defaults and errors.
@Suite struct UplinkConfigTests {
    static let folder = NSTemporaryDirectory() + "floc-uplink-config-\(getpid())"

    /// simulator.toml plus `uplinks`, loaded with the repository's boards; the unit file's path too.
    static func load(_ uplinks: String) throws(ConfigErrors) -> UnitConfig {
        let boards = PeerProcess.packageRoot.appendingPathComponent("Boards").path
        let base = try! String(contentsOfFile: boards + "/units/simulator.toml", encoding: .utf8)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/unit-\(UUID().uuidString).toml"
        try! (base + "\n" + uplinks).write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.loadUnit(at: path, boardsDirectory: boards)
    }

    static func secret(mode: mode_t) -> String {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/secret-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: path, contents: Data("s3cret\nignored\n".utf8))
        chmod(path, mode)
        return path
    }

    static func errors(_ uplinks: String) -> [String] {
        do {
            _ = try load(uplinks)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func sparkplugValuesAndDefaults() throws {
        let password = Self.secret(mode: 0o600)
        let unit = try Self.load("""
            [uplinks.sparkplug]
            host = "broker.local"
            group = "Floc"
            edge_node = "unit-7"
            primary_host = "scada"
            command_role = "operator"
            username = "unit-7"
            password_file = "\(password)"
            queue_max_age_s = 86400
            [uplinks.sparkplug.deadbands]
            "do1/oxygen" = 0.05
            """)
        let config = try #require(unit.uplinks.sparkplug)
        #expect(config.host == "broker.local" && config.port == 1883)
        #expect(config.group == "Floc" && config.edgeNode == "unit-7" && config.primaryHost == "scada")
        #expect(config.commandRole == .operator)
        #expect(config.sampleInterval == 1 && config.replayRate == 2000)
        #expect(config.deadbands == ["do1/oxygen": 0.05])
        #expect(config.queue.path == "/var/lib/floc/telemetry.db" && config.queue.maxAge == 86400)
        #expect(config.queue.policy == .dropOldest && config.queue.highWater == 0.8)
        #expect(config.mqttVersion == .v3_1_1)
        #expect(try SecretFile.read(password) == "s3cret")
        #expect(unit.uplinks.hj212 == nil)
    }

    @Test func errorsNameFileLineAndKey() {
        let exposed = Self.secret(mode: 0o644)
        let errors = Self.errors("""
            [uplinks.sparkplug]
            host = "broker.local"
            group = "Fl/oc"
            edge_node = "unit-7"
            command_role = "admin"
            username = "unit-7"
            password_file = "\(exposed)"
            tls_cert_file = "/etc/floc/unit.pem"
            sample_interval = 5
            """)
        #expect(errors.contains { $0.contains("uplinks.sparkplug.password_file: \(exposed) is readable by group or others (mode 644); chmod 600 it") })
        #expect(errors.contains { $0.contains("uplinks.sparkplug.group: 'Fl/oc' cannot be a topic level") })
        #expect(errors.contains { $0.contains("uplinks.sparkplug.command_role: 'admin' is not one of: viewer, operator, technician") })
        #expect(errors.contains { $0.contains("uplinks.sparkplug.tls_key_file: tls_cert_file and tls_key_file go together") })
        #expect(errors.contains { $0.contains("uplinks.sparkplug.sample_interval: unknown key") })
        #expect(errors.allSatisfy { $0.contains(".toml:") }, "every error names file:line")
        #expect(!errors.joined().contains("s3cret"), "a secret leaked into an error")
    }

    @Test func mqttVersionIsThreeOneOneOrFive() throws {
        let base = "[uplinks.sparkplug]\nhost = \"b\"\ngroup = \"Floc\"\nedge_node = \"u\"\n"
        #expect(try Self.load(base + "mqtt_version = \"5\"").uplinks.sparkplug?.mqttVersion == .v5)
        #expect(try Self.load(base + "mqtt_version = \"3.1.1\"").uplinks.sparkplug?.mqttVersion == .v3_1_1)
        let wrong = Self.errors(base + "mqtt_version = \"3\"")
        #expect(wrong.count == 1)
        #expect(wrong.first?.contains(".toml:") == true)
        #expect(wrong.first?.contains("uplinks.sparkplug.mqtt_version: '3' is not one of: 3.1.1, 5") == true)
        let number = Self.errors(base + "mqtt_version = 5")
        #expect(number.count == 1)
        #expect(number.first?.contains("uplinks.sparkplug.mqtt_version:") == true)
    }

    @Test func hj212FactorsMapCodesToReadablePoints() {
        let password = Self.secret(mode: 0o400)
        let errors = Self.errors("""
            [uplinks.hj212]
            host = "platform.local"
            port = 9000
            mn = "010000A8900016F000169DC0"
            password_file = "\(password)"
            minute_interval_min = 7
            [uplinks.hj212.factors]
            w01009 = "do1.oxygen"
            w01001 = "ph9.ph"
            x1 = "do1.oxygen"
            """)
        #expect(errors.contains { $0.contains("uplinks.hj212.factors.w01001: 'ph9.ph' is not a readable point of this unit") })
        #expect(errors.contains { $0.contains("uplinks.hj212.factors.x1: not an HJ 212 pollutant code") })
        #expect(errors.contains { $0.contains("uplinks.hj212.minute_interval_min: must divide 60") })
        #expect(errors.count == 3)
    }
}
