import Foundation

extension UnitLoader {
    /// `[uplinks.sparkplug]` and `[uplinks.hj212]`.
    func readUplinks(_ reader: TableReader, unit: UnitConfig) -> UplinksConfig {
        var uplinks = UplinksConfig()
        guard let table = reader.table("uplinks") else { return uplinks }
        if let sparkplug = table.table("sparkplug") { uplinks.sparkplug = readSparkplug(sparkplug) }
        if let hj212 = table.table("hj212") { uplinks.hj212 = readHJ212(hj212, unit: unit) }
        return uplinks
    }

    func readSparkplug(_ reader: TableReader) -> SparkplugUplinkConfig {
        var config = SparkplugUplinkConfig()
        config.line = reader.line
        config.host = reader.string("host") ?? ""
        config.group = topicLevel("group", reader) ?? ""
        config.edgeNode = topicLevel("edge_node", reader) ?? ""
        config.primaryHost = reader.isAbsent("primary_host") ? nil : topicLevel("primary_host", reader)
        config.commandRole = reader.choice("command_role", default: UplinkRole.viewer) ?? .viewer
        config.sampleInterval = Double(reader.int("sample_interval_ms", default: 1000, range: 10...3_600_000, unit: "ms") ?? 1000) / 1000
        config.mqttVersion = reader.choice("mqtt_version", default: SparkplugUplinkConfig.MQTTVersion.v3_1_1) ?? .v3_1_1
        config.keepalive = reader.int("keepalive_s", default: 30, range: 5...3600, unit: "s") ?? 30
        config.defaultDeadband = reader.double("deadband_default", default: 0, range: 0...1e9) ?? 0
        if let deadbands = reader.table("deadbands") {
            for key in deadbands.table.keys {
                guard key.contains("/") else {
                    deadbands.error(key, "a metric path is `device/metric` (`aeration1/PV`, `do1/oxygen`)", at: deadbands.table[key])
                    _ = deadbands.node(key)
                    continue
                }
                if let value = deadbands.double(key, default: nil, range: 0...1e9) { config.deadbands[key] = value }
            }
        }
        config.replayRate = reader.int("replay_rate_per_s", default: 2000, range: 10...100_000, unit: "samples/s") ?? 2000
        config.queue = readQueue(reader)
        config.tlsCAFile = absolutePath("tls_ca_file", reader)
        config.tlsCertFile = absolutePath("tls_cert_file", reader)
        config.tlsKeyFile = absolutePath("tls_key_file", reader)
        if (config.tlsCertFile == nil) != (config.tlsKeyFile == nil) {
            reader.error(config.tlsCertFile == nil ? "tls_cert_file" : "tls_key_file", "tls_cert_file and tls_key_file go together")
        }
        if config.tlsCertFile != nil, config.tlsCAFile == nil { reader.error("tls_ca_file", "required with a client certificate") }
        if let key = config.tlsKeyFile { checkSecret(key, "tls_key_file", reader) }
        config.port = reader.int("port", default: config.tlsCAFile == nil ? 1883 : 8883, range: 1...65535) ?? 1883
        config.username = reader.optionalString("username")
        config.passwordFile = absolutePath("password_file", reader)
        if let file = config.passwordFile {
            if config.username == nil { reader.error("password_file", "needs a username") }
            checkSecret(file, "password_file", reader)
        }
        return config
    }

    func readQueue(_ reader: TableReader) -> UplinkQueueConfig {
        var queue = UplinkQueueConfig()
        queue.path = absolutePath("queue_path", reader) ?? queue.path
        queue.maxRecords = reader.int("queue_max_records", default: queue.maxRecords, range: 100...100_000_000, unit: "samples")
            ?? queue.maxRecords
        if !reader.isAbsent("queue_max_age_s") {
            queue.maxAge = reader.double("queue_max_age_s", default: nil, range: 60...31_536_000, unit: "s")
        }
        queue.policy = reader.choice("queue_policy", default: UplinkQueueConfig.Policy.dropOldest) ?? .dropOldest
        queue.highWater = Double(reader.int("queue_high_water_pct", default: 80, range: 50...99, unit: "%") ?? 80) / 100
        return queue
    }

    func readHJ212(_ reader: TableReader, unit: UnitConfig) -> HJ212UplinkConfig {
        var config = HJ212UplinkConfig()
        config.line = reader.line
        config.host = reader.string("host") ?? ""
        config.port = reader.int("port", default: nil, range: 1...65535) ?? 0
        config.mn = reader.string("mn") ?? ""
        if config.mn.count > 24 || config.mn.contains(where: { !$0.isASCII || $0 == ";" || $0 == "&" }) {
            reader.error("mn", "up to 24 ASCII characters, no ';' or '&'", at: reader.table["mn"])
        }
        config.passwordFile = absolutePath("password_file", reader) ?? ""
        if reader.table["password_file"] == nil { reader.missing("password_file") }
        if !config.passwordFile.isEmpty { checkSecret(config.passwordFile, "password_file", reader) }
        config.st = reader.string("st", default: "32") ?? "32"
        if config.st.count != 2 || !config.st.allSatisfy(\.isNumber) { reader.error("st", "2 digits (32: surface water)", at: reader.table["st"]) }
        config.realtimeInterval = Double(reader.int("realtime_interval_s", default: 30, range: 1...3600, unit: "s") ?? 30)
        config.minuteInterval = reader.int("minute_interval_min", default: 10, range: 1...60, unit: "min") ?? 10
        if 60 % config.minuteInterval != 0 { reader.error("minute_interval_min", "must divide 60", at: reader.table["minute_interval_min"]) }
        guard let factors = reader.table("factors", required: true) else { return config }
        for code in factors.table.keys {
            guard let point = factors.string(code) else { continue }
            let node = factors.table[code]
            if code.count != 6 || !(code.first?.isLetter ?? false) || !code.dropFirst().allSatisfy(\.isNumber) {
                factors.error(code, "not an HJ 212 pollutant code (a letter and 5 digits, e.g. w01009)", at: node)
            }
            if !pointExists(point, unit) { factors.error(code, "'\(point)' is not a readable point of this unit (device.point)", at: node) }
            config.factors.append((code, point))
        }
        readHJ212Units(reader, factors: factors, unit: unit, into: &config)
        return config
    }

    /// `[uplinks.hj212.units]` (code -> unit, overriding the point's profile unit) and the rule that
    /// the flow factor w00000, integrated into a volume for `Cou`, is in m3/h or L/s.
    func readHJ212Units(_ reader: TableReader, factors: TableReader, unit: UnitConfig, into config: inout HJ212UplinkConfig) {
        let units = reader.table("units")
        for code in units?.table.keys ?? [] {
            guard let units, let text = units.string(code) else { continue }
            if !config.factors.contains(where: { $0.code == code }) {
                units.error(code, "not a factor of [uplinks.hj212.factors]", at: units.table[code])
            }
            config.units[code] = text
        }
        for factor in config.factors where config.units[factor.code] == nil {
            if let point = pointSpec(factor.point, unit), !point.unit.isEmpty { config.units[factor.code] = point.unit }
        }
        guard let flow = config.factors.first(where: { $0.code == "w00000" }) else { return }
        let text = config.units[flow.code] ?? ""
        let normalized = text.replacingOccurrences(of: "³", with: "3").filter { $0 != " " }.lowercased()
        guard normalized != "m3/h", normalized != "l/s" else { return }
        let message = "w00000 (effluent flow) is integrated into its discharged volume: its unit must be m3/h or L/s, "
            + (text.isEmpty ? "and '\(flow.point)' has none" : "not '\(text)'") + " (say it in [uplinks.hj212.units])"
        if let units, units.table["w00000"] != nil {
            units.error("w00000", message, at: units.table["w00000"])
        } else {
            factors.error("w00000", message, at: factors.table["w00000"])
        }
    }

    private func pointSpec(_ key: String, _ unit: UnitConfig) -> PointSpec? {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let device = unit.device(named: parts[0]) else { return nil }
        return device.profile.points.first { $0.name == parts[1] }
    }

    private func pointExists(_ key: String, _ unit: UnitConfig) -> Bool { pointSpec(key, unit) != nil }

    /// A Sparkplug topic level: no `/`, `+`, `#`.
    private func topicLevel(_ key: String, _ reader: TableReader) -> String? {
        guard let text = reader.string(key) else { return nil }
        if text.isEmpty || text.contains(where: { "/+#".contains($0) }) {
            reader.error(key, "'\(text)' cannot be a topic level (empty, or has /, + or #)", at: reader.table[key])
        }
        return text
    }

    private func absolutePath(_ key: String, _ reader: TableReader) -> String? {
        guard let path = reader.optionalString(key) else { return nil }
        BoardLoader.checkAbsolute(path, key: key, in: reader)
        return path
    }

    private func checkSecret(_ path: String, _ key: String, _ reader: TableReader) {
        guard path.hasPrefix("/"), let problem = SecretFile.problem(path) else { return }
        reader.error(key, problem, at: reader.table[key])
    }
}
