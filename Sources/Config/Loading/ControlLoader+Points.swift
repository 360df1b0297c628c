extension ControlLoader {
    /// Whether a point feeds a block or is driven by one.
    enum PointUse {
        case input, output
    }

    /// A required point key under `key`; nil (and an error) when absent or unresolvable.
    func point(_ key: String, in reader: TableReader, use: PointUse) -> PointReference? {
        guard let text = reader.string(key) else { return nil }
        return resolve(text, use: use, key: key, in: reader, at: reader.table[key])
    }

    /// An optional point key under `key`.
    func optionalPoint(_ key: String, in reader: TableReader, use: PointUse) -> PointReference? {
        reader.isAbsent(key) ? nil : point(key, in: reader, use: use)
    }

    /// Resolves `device.point`, `device.point.flag` or `gpio.<name>` against the unit,
    /// checking that an input can be read and an output written.
    func resolve(_ text: String, use: PointUse, key: String, in reader: TableReader, at node: TOMLNode?) -> PointReference? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts.contains(where: \.isEmpty) else {
            reader.error(key, "'\(text)' is not a point key (device.point, device.point.flag or gpio.<name>)", at: node)
            return nil
        }
        if parts[0] == "gpio" && unit.device(named: "gpio") == nil {
            return resolveGPIO(parts, text: text, use: use, key: key, in: reader, at: node)
        }
        guard let device = unit.device(named: parts[0]) else {
            // A device that failed to load has its own error already.
            if !declaredDevices.contains(parts[0]) {
                reader.error(key, undefinedMessage("device", parts[0], defined: unit.devices.map(\.name)), at: node)
            }
            return nil
        }
        guard let spec = device.profile.point(named: parts[1]) else {
            reader.error(key, undefinedMessage("point", parts[1], "of device '\(device.name)' (profile \(device.profile.id))",
                                               defined: device.profile.points.map(\.name)), at: node)
            return nil
        }
        let imageKey = parts[0] + "." + parts[1]
        if parts.count == 3 {
            guard spec.flags.contains(where: { $0.name == parts[2] }) else {
                reader.error(key, undefinedMessage("bit", parts[2], "of point '\(imageKey)'", defined: spec.flags.map(\.name)), at: node)
                return nil
            }
            guard use == .input else {
                reader.error(key, "'\(text)' is a status bit: it cannot be written", at: node)
                return nil
            }
        }
        switch use {
        case .input where !spec.access.canRead:
            reader.error(key, "point '\(imageKey)' is write-only: it cannot be read", at: node)
            return nil
        case .input where spec.poll == .never:
            reader.error(key, "point '\(imageKey)' is not polled (poll = never): it cannot feed control", at: node)
            return nil
        case .output where !spec.access.canWrite:
            reader.error(key, "point '\(imageKey)' is read-only: it cannot be written", at: node)
            return nil
        default:
            break
        }
        return PointReference(key: text, imageKey: imageKey, flag: parts.count == 3 ? parts[2] : nil, unit: spec.unit,
                              range: spec.range, isBoolean: spec.table.isBit || spec.type == .bool)
    }

    private func resolveGPIO(_ parts: [String], text: String, use: PointUse, key: String, in reader: TableReader,
                             at node: TOMLNode?) -> PointReference? {
        guard parts.count == 2 else {
            reader.error(key, "'\(text)' is not a point key (gpio.<name> has no bits)", at: node)
            return nil
        }
        guard let gpio = unit.gpio.first(where: { $0.name == parts[1] }) else {
            if !declaredGPIO.contains(parts[1]) {
                reader.error(key, undefinedMessage("GPIO point", parts[1], defined: unit.gpio.map(\.name)), at: node)
            }
            return nil
        }
        switch (use, gpio.direction) {
        case (.input, .output):
            reader.error(key, "'\(text)' is an output: an input is needed here", at: node)
            return nil
        case (.output, .input):
            reader.error(key, "'\(text)' is an input: it cannot be written", at: node)
            return nil
        default:
            return PointReference(key: text, imageKey: text, isGPIO: true)
        }
    }

    /// The conditions of an array of strings under `key` (empty when absent).
    func conditions(_ key: String, in reader: TableReader) -> [PointCondition] {
        guard let node = reader.node(key) else { return [] }
        guard let elements = node.array else {
            reader.wrongType(key, expected: "array of conditions", node)
            return []
        }
        return elements.compactMap { element in
            guard let text = element.string else {
                reader.wrongType(key, expected: "string", element)
                return nil
            }
            return condition(text, key: key, in: reader, at: element)
        }
    }

    /// `"key"`, `"!key"` or `"key <op> <number>"`.
    func condition(_ text: String, key: String, in reader: TableReader, at node: TOMLNode?) -> PointCondition? {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch tokens.count {
        case 1:
            let negated = tokens[0].hasPrefix("!")
            let name = negated ? String(tokens[0].dropFirst()) : tokens[0]
            guard let point = resolve(name, use: .input, key: key, in: reader, at: node) else { return nil }
            return PointCondition(text: text, point: point, comparison: negated ? .less : .greaterOrEqual, threshold: 0.5)
        case 3:
            guard let comparison = PointCondition.Comparison(rawValue: tokens[1]) else {
                let allowed = PointCondition.Comparison.allCases.map(\.rawValue).joined(separator: " ")
                reader.error(key, "'\(tokens[1])' in '\(text)' is not a comparison (one of: \(allowed))", at: node)
                return nil
            }
            guard let threshold = Double(tokens[2]), threshold.isFinite else {
                reader.error(key, "'\(tokens[2])' in '\(text)' is not a number", at: node)
                return nil
            }
            guard let point = resolve(tokens[0], use: .input, key: key, in: reader, at: node) else { return nil }
            return PointCondition(text: text, point: point, comparison: comparison, threshold: threshold)
        default:
            reader.error(key, "'\(text)' is not a condition (write 'device.point > 0.5', 'device.point' or '!device.point')", at: node)
            return nil
        }
    }

    /// Records `point` as written by `owner`; a second writer is an error.
    mutating func claimOutput(_ point: PointReference?, key: String, in reader: TableReader) {
        guard let point else { return }
        let owner = "\(reader.keyPath(key)) (line \(reader.table[key]?.line ?? reader.line))"
        if let first = outputOwners[point.imageKey] {
            reader.error(key, "point '\(point.imageKey)' is already written by \(first)", at: reader.table[key])
        } else {
            outputOwners[point.imageKey] = owner
        }
    }
}
