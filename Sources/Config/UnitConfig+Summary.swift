extension UnitConfig {
    /// A human summary for `floc check`: board, buses, devices with their points, GPIO points.
    public var summary: String {
        var lines = ["unit \(name)\(description.isEmpty ? "" : ": " + description)",
                     "board \(board.id): \(board.model), scan every \(milliseconds(scanPeriod))"]
        lines.append("buses:")
        for bus in buses { lines.append("  \(bus.name): \(bus.summary)") }
        lines.append("devices:")
        for device in devices {
            lines.append("  \(device.name): \(device.profile.id) (\(device.profile.manufacturer) \(device.profile.model)) on \(device.bus)"
                + " address \(device.address), poll \(milliseconds(device.pollFast)) / \(milliseconds(device.pollSlow)),"
                + " stale after \(milliseconds(device.staleAfter))")
            for point in device.profile.points { lines.append("    \(point.summary)") }
        }
        lines.append("gpio:")
        for point in gpio {
            var facts = ["\(point.direction.rawValue) \(point.pin) (\(point.chipLabel) line \(point.line))"]
            if point.activeLow { facts.append("active-low") }
            if point.bias != .asIs { facts.append(point.bias.rawValue) }
            if point.direction == .input {
                facts.append("debounce \(milliseconds(point.debounce))")
            } else {
                facts.append("initial \(point.initial ? 1 : 0), safe \(point.safe ? 1 : 0)")
            }
            lines.append("  \(point.name): " + facts.joined(separator: ", "))
        }
        if !control.isEmpty { lines += control.summaryLines }
        return lines.joined(separator: "\n")
    }
}

extension BusConfig {
    var summary: String {
        switch transport {
        case .tcp(let host, let port):
            return "tcp \(host):\(port), timeout \(milliseconds(responseTimeout))"
        case .rtu(let rtu):
            let via = rtu.port.isEmpty ? "" : " (port \(rtu.port))"
            let framing = "\(rtu.dataBits)\(rtu.parity.rawValue.prefix(1).uppercased())\(rtu.stopBits)"
            return "rtu \(rtu.device)\(via) \(rtu.baud) baud \(framing), rs485 \(rtu.rs485.summary), timeout \(milliseconds(responseTimeout))"
        }
    }
}

extension RS485Control {
    var summary: String {
        switch self {
        case .none: "none"
        case .kernel: "kernel"
        case .rts: "rts"
        case .gpio(let pin, let activeLow): "gpio \(pin)\(activeLow ? " active-low" : "")"
        }
    }
}

extension PointSpec {
    var summary: String {
        var facts = ["\(name): \(table.rawValue) \(address) \(type.rawValue)"]
        if !table.isBit && type.registerCount > 1 { facts.append(order.rawValue) }
        if scale != 1 { facts.append("x\(formatNumber(scale))") }
        if offset != 0 { facts.append("+\(formatNumber(offset))") }
        if !unit.isEmpty { facts.append(unit) }
        if let range { facts.append("[\(formatNumber(range.lowerBound)), \(formatNumber(range.upperBound))]") }
        facts.append(access.rawValue)
        if access.canRead { facts.append("poll \(poll.rawValue)") }
        if !flags.isEmpty { facts.append("bits " + flags.map { "\($0.name)=\($0.bit)" }.joined(separator: " ")) }
        return facts.joined(separator: " ")
    }
}

/// Seconds as `500 ms`.
func milliseconds(_ seconds: Double) -> String { "\(formatNumber((seconds * 1000).rounded())) ms" }
