/// Reads a device profile (`Boards/devices/<profile>.toml`) into a `DeviceProfile`, checking each
/// point's table, type, access and range, and that no two points of one table overlap.
enum ProfileLoader {
    static func load(_ path: String, diagnostics: ConfigDiagnostics) -> DeviceProfile? {
        ConfigDocument.read(path, diagnostics: diagnostics) { read($0, id: ConfigPath.baseName(path), file: path) }
    }

    static func read(_ root: TableReader, id: String, file: String) -> DeviceProfile {
        var profile = DeviceProfile(id: id, manufacturer: "", model: "", kind: .other, points: [], file: file)
        if let device = root.table("device", required: true) {
            profile.manufacturer = device.string("manufacturer") ?? ""
            profile.model = device.string("model") ?? ""
            profile.kind = device.choice("kind", default: nil) ?? .other
            profile.source = device.string("source") ?? ""
            profile.maxRegistersPerRequest = device.int("max_registers", default: 125, range: 1...125, unit: "registers") ?? 125
            profile.maxBitsPerRequest = device.int("max_bits", default: 2000, range: 1...2000, unit: "bits") ?? 2000
            profile.maxGap = device.int("max_gap", default: 0, range: 0...125, unit: "registers") ?? 0
            profile.singleWrite = device.bool("single_write", default: true)
            profile.interRequestDelay = Double(device.int("inter_request_delay_ms", default: 0, range: 0...1000, unit: "ms") ?? 0) / 1000
        }
        for (name, point) in root.table("points")?.subtables() ?? [] {
            guard let spec = readPoint(name, point) else { continue }
            if let other = profile.points.first(where: { $0.table == spec.table && $0.address < spec.endAddress && Int(spec.address) < $0.endAddress }) {
                point.error("address", "overlaps point '\(other.name)' (\(other.table.rawValue) \(addressSpan(other)), line \(other.line))",
                            at: point.table["address"])
            }
            profile.points.append(spec)
        }
        return profile
    }

    /// One point, or nil when a key it cannot do without (table, address) is wrong.
    static func readPoint(_ name: String, _ point: TableReader) -> PointSpec? {
        let table: RegisterTable? = point.choice("table", default: nil)
        let address = point.int("address", default: nil, range: 0...65535)
        let type: ValueType? = point.choice("type", default: table?.isBit == true ? .bool : .uint16)
        var spec = PointSpec(name: name, table: table ?? .holding, address: UInt16(address ?? 0), type: type ?? .uint16, line: point.line)
        if let table, let type, table.isBit && type != .bool {
            point.error("type", "'\(type.rawValue)' does not fit table '\(table.rawValue)' (bit tables hold bool only)", at: point.table["type"])
        }
        spec.order = point.choice("order", default: WordOrder.abcd) ?? .abcd
        spec.scale = point.double("scale", default: 1, range: -1e9...1e9) ?? 1
        spec.offset = point.double("offset", default: 0, range: -1e9...1e9) ?? 0
        spec.unit = point.string("unit", default: "") ?? ""
        spec.range = readRange(point)
        spec.access = point.choice("access", default: Access.read) ?? .read
        if let table, spec.access.canWrite && !table.isWritable {
            point.error("access", "'\(spec.access.rawValue)' is not possible on read-only table '\(table.rawValue)'", at: point.table["access"])
        }
        spec.poll = point.choice("poll", default: spec.access == .write ? PollClass.never : .fast) ?? .fast
        spec.verify = point.bool("verify", default: false)
        spec.description = point.string("description", default: "") ?? ""
        spec.flags = readFlags(point, spec: spec)
        if let address, address + spec.count - 1 > 65535 {
            point.error("address", "\(spec.count) registers from \(address) go past 65535", at: point.table["address"])
        }
        guard table != nil, address != nil else { return nil }
        return spec
    }

    /// `range = [min, max]`: two numbers, min < max.
    static func readRange(_ point: TableReader) -> ClosedRange<Double>? {
        guard let node = point.node("range") else { return nil }
        guard let elements = node.array, elements.count == 2,
              let low = TableReader.number(elements[0]), let high = TableReader.number(elements[1]) else {
            point.error("range", "expected [min, max] (two numbers), found \(node.value.typeName)", at: node)
            return nil
        }
        guard low < high else {
            point.error("range", "min \(formatNumber(low)) must be less than max \(formatNumber(high))", at: node)
            return nil
        }
        return low...high
    }

    /// `bits = { name = bit, ... }`: named flags of a register point.
    static func readFlags(_ point: TableReader, spec: PointSpec) -> [BitFlag] {
        guard let bits = point.table("bits") else { return [] }
        if spec.table.isBit {
            point.error("bits", "named bits need a register table (holding or input)", at: point.table["bits"])
            return []
        }
        let highest = 16 * spec.count - 1
        return bits.table.keys.compactMap { name in
            bits.int(name, default: nil, range: 0...highest, unit: "(bit)").map { BitFlag(name: name, bit: $0) }
        }
    }

    static func addressSpan(_ point: PointSpec) -> String {
        point.count == 1 ? "\(point.address)" : "\(point.address)...\(point.endAddress - 1)"
    }
}
