import Config
import FieldIO
import HAL

/// Reads the `[[faults]]` array of a scenario.
enum FaultReader {
    static let kinds = ["absent", "exception", "frozen", "offset", "bit-flip", "delay", "noise", "dead", "trip",
                        "pump-failure"]

    static func read(_ root: TableReader, diagnostics: ConfigDiagnostics) -> [FaultSpec] {
        guard let node = root.node("faults") else { return [] }
        guard let elements = node.array else {
            root.wrongType("faults", expected: "array of tables ([[faults]])", node)
            return []
        }
        return elements.enumerated().compactMap { index, element in
            guard let table = element.table else {
                root.wrongType("faults", expected: "table", element)
                return nil
            }
            let reader = TableReader(table, path: ["faults", "\(index + 1)"], file: root.file, line: element.line,
                                     diagnostics: diagnostics)
            defer { reader.finish() }
            return fault(reader, line: element.line)
        }
    }

    static func fault(_ reader: TableReader, line: Int) -> FaultSpec? {
        let kindName = reader.string("kind")
        let device = reader.string("device") ?? ""
        let point = reader.optionalString("point")
        let start = reader.double("start_s", default: 0, range: 0...1e9, unit: "s") ?? 0
        let end = reader.isAbsent("end_s") ? nil : reader.double("end_s", default: nil, range: 0...1e9, unit: "s")
        if let end, end <= start { reader.error("end_s", "must be after start_s (\(start) s)", at: reader.table["end_s"]) }
        guard let kindName else { return nil }
        let kind: FaultSpec.Kind?
        switch kindName {
        case "absent":
            kind = .absent
        case "exception":
            kind = exception(reader)
        case "frozen":
            kind = .frozen
        case "offset":
            kind = .offset(reader.double("offset", default: 0, range: -1e9...1e9) ?? 0,
                           driftPerHour: reader.double("drift_per_hour", default: 0, range: -1e9...1e9) ?? 0)
        case "bit-flip":
            kind = reader.int("mask", default: nil, range: 1...0xFFFF).map { .bitFlip(mask: UInt16($0)) }
        case "delay":
            kind = reader.int("delay_ms", default: nil, range: 1...60_000, unit: "ms").map { .delay(seconds: Double($0) / 1000) }
        case "noise":
            kind = reader.double("rate", default: 1, range: 0.001...1).map { .noise(rate: $0) }
        case "dead":
            kind = .dead(value: reader.isAbsent("value") ? nil : reader.double("value", default: nil, range: -1e12...1e12))
        case "trip":
            kind = .plant(device + ".trip")
        case "pump-failure":
            kind = .plant(device + ".failure")
        default:
            reader.error("kind", "'\(kindName)' is not one of: \(kinds.joined(separator: ", "))", at: reader.table["kind"])
            kind = nil
        }
        guard let kind else { return nil }
        if kind.isPointFault, point == nil { reader.missing("point") }
        if !kind.isPointFault, let point {
            let whole = if case .plant = kind { "the plant's equipment" } else { "the whole device" }
            reader.error("point", "a '\(kindName)' fault acts on \(whole), not on point '\(point)'",
                         at: reader.table["point"])
        }
        return FaultSpec(kind: kind, device: device, point: point, start: start, end: end, line: line)
    }

    private static func exception(_ reader: TableReader) -> FaultSpec.Kind? {
        let code = reader.int("code", default: Int(ModbusException.serverDeviceFailure.rawValue), range: 1...255)
            .flatMap { ModbusException(rawValue: UInt8($0)) }
        if code == nil, let node = reader.table["code"] {
            reader.error("code", "not a Modbus exception code (1-8, 10, 11)", at: node)
        }
        let table: RegisterTable? = reader.optionalChoice("table")
        var addresses: ClosedRange<Int>?
        if let node = reader.node("addresses") {
            let bounds = node.array?.compactMap(\.integer).map(Int.init) ?? []
            if bounds.count == 2, bounds[0] <= bounds[1], bounds[0] >= 0, bounds[1] <= 0xFFFF {
                addresses = bounds[0]...bounds[1]
            } else {
                reader.error("addresses", "expected [first, last] protocol addresses, first <= last, 0...65535", at: node)
            }
        }
        guard let code else { return nil }
        return .exception(code, table: table.map { RegisterCodec.table(for: $0) }, addresses: addresses)
    }
}
