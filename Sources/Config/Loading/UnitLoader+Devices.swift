extension UnitLoader {
    /// One `[devices.<name>]`: profile, bus, address and polling policy; nil when its profile or bus is unusable.
    /// `declaredBuses`: every bus in the file, valid or not (an invalid one has its own errors already).
    mutating func readDevice(_ name: String, _ device: TableReader, unit: UnitConfig, declaredBuses: [String]) -> DeviceConfig? {
        let profile = device.string("profile").flatMap { loadProfile($0, device) }
        let busName = device.string("bus")
        let bus = busName.flatMap { unit.bus(named: $0) }
        if let busName, !declaredBuses.contains(busName) {
            device.error("bus", undefinedMessage("bus", busName, defined: declaredBuses), at: device.table["bus"])
        }
        let isTCP = if case .tcp? = bus?.transport { true } else { false }
        // Unit id 0 is broadcast on a serial line; a TCP gateway may use any byte.
        let address = device.int("address", default: nil, range: isTCP ? 0...255 : 1...247)
        let fast = device.int("poll_fast_ms", default: 1000, range: 10...3_600_000, unit: "ms") ?? 1000
        var slow = device.int("poll_slow_ms", default: 10000, range: 10...3_600_000, unit: "ms") ?? 10000
        if slow < fast {
            device.error("poll_slow_ms", "\(slow) must be >= poll_fast_ms (\(fast))", at: device.table["poll_slow_ms"] ?? device.table["poll_fast_ms"])
            slow = fast
        }
        let busTimeout = Int(((bus?.responseTimeout ?? 0.5) * 1000).rounded())
        let timeout = device.int("timeout_ms", default: busTimeout, range: 10...10000, unit: "ms") ?? busTimeout
        let retries = device.int("retries", default: 1, range: 0...5) ?? 1
        let backoffMin = device.int("backoff_min_ms", default: 1000, range: 10...3_600_000, unit: "ms") ?? 1000
        var backoffMax = device.int("backoff_max_ms", default: 30000, range: 10...3_600_000, unit: "ms") ?? 30000
        if backoffMax < backoffMin {
            device.error("backoff_max_ms", "\(backoffMax) must be >= backoff_min_ms (\(backoffMin))",
                         at: device.table["backoff_max_ms"] ?? device.table["backoff_min_ms"])
            backoffMax = backoffMin
        }
        // Three missed fast polls make a value stale, but never sooner than a second.
        let staleDefault = max(3 * fast, 1000)
        let staleAfter = device.int("stale_after_ms", default: staleDefault, range: 10...3_600_000, unit: "ms") ?? staleDefault
        var writeRefresh = device.int("write_refresh_ms", default: 10000, range: 0...3_600_000, unit: "ms") ?? 10000
        if writeRefresh > 0 && writeRefresh < 100 {
            device.error("write_refresh_ms", "\(writeRefresh) must be 0 (off) or in 100...3600000 ms", at: device.table["write_refresh_ms"])
            writeRefresh = 100
        }
        guard let profile, let busName, bus != nil, let address else { return nil }
        if let other = unit.devices.first(where: { $0.bus == busName && $0.address == address }) {
            device.error("address", "address \(address) on bus '\(busName)' is already used by device '\(other.name)' (line \(other.line))",
                         at: device.table["address"])
        }
        return DeviceConfig(name: name, profile: profile, bus: busName, address: address,
                            pollFast: Double(fast) / 1000, pollSlow: Double(slow) / 1000, timeout: Double(timeout) / 1000,
                            retries: retries, backoffMin: Double(backoffMin) / 1000, backoffMax: Double(backoffMax) / 1000,
                            staleAfter: Double(staleAfter) / 1000, writeRefresh: Double(writeRefresh) / 1000, line: device.line)
    }

    /// `Boards/devices/<id>.toml`, loaded once; a missing file is an error at the referencing key.
    mutating func loadProfile(_ id: String, _ device: TableReader) -> DeviceProfile? {
        let path = ConfigPath.join(ConfigPath.join(boardsDirectory, "devices"), id + ".toml")
        guard ConfigDocument.exists(path) else {
            device.error("profile", "undefined profile '\(id)' (no file \(path))", at: device.table["profile"])
            return nil
        }
        if let cached = profiles[id] { return cached }
        let profile = ProfileLoader.load(path, diagnostics: diagnostics)
        profiles[id] = profile
        return profile
    }
}
