import Config

/// One command of floc-sim's control socket, parsed from a text line (docs/simulator.md,
/// "Faults at run time"): `fault add|clear|list`, `plant get|set|list`, `status`, `help`.
public enum ControlRequest: Sendable, Equatable {
    /// Inject `spec` now, for `duration` simulated seconds (nil: until cleared).
    case addFault(FaultSpec, duration: Double?)
    /// Clear one injected fault by id, or all of them (nil).
    case clearFault(id: Int?)
    case listFaults
    case getSignal(String)
    case setSignal(String, Double)
    case listSignals
    case status
    case help

    /// Run-time names for the scenario's fault kinds, as an operator says them.
    public static let kindAliases = ["silent": "absent", "slow": "delay", "stuck": "frozen", "drift": "offset"]

    /// The command summary `help` answers with.
    public static let usage = "fault add <kind> <device>[.<point>] [key=value ...] [--for <s>]; fault clear <id|all>; "
        + "fault list; plant get <signal>; plant set <signal> <value>; plant list; status; help. Kinds: "
        + "silent, slow (delay_ms=), noise (rate=), exception (code= table= addresses=<first>-<last>), "
        + "stuck, drift (offset= drift_per_hour=), dead (value=), bit-flip (mask=), trip <blower>, "
        + "pump-failure <pump>"

    /// Parses one line; throws a message saying what is wrong and what was expected.
    public static func parse(_ line: String) throws(FaultRejection) -> ControlRequest {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        func fail(_ reason: String) -> FaultRejection { FaultRejection(reason: reason) }
        guard let verb = words.first else { throw fail("empty command; try 'help'") }
        let rest = Array(words.dropFirst())
        switch (verb, rest.first) {
        case ("help", _): return .help
        case ("status", _): return .status
        case ("fault", "list"): return .listFaults
        case ("fault", "add"): return try addFault(Array(rest.dropFirst()))
        case ("fault", "clear"):
            guard rest.count == 2 else { throw fail("usage: fault clear <id|all>") }
            if rest[1] == "all" { return .clearFault(id: nil) }
            guard let id = Int(rest[1].drop(while: { $0 == "#" })), id > 0 else {
                throw fail("'\(rest[1])' is not a fault id (a number from 'fault list') or 'all'")
            }
            return .clearFault(id: id)
        case ("plant", "list"): return .listSignals
        case ("plant", "get"):
            guard rest.count == 2 else { throw fail("usage: plant get <signal>") }
            return .getSignal(rest[1])
        case ("plant", "set"):
            guard rest.count == 3 else { throw fail("usage: plant set <signal> <value>") }
            guard let value = Double(rest[2]), value.isFinite else { throw fail("'\(rest[2])' is not a number") }
            return .setSignal(rest[1], value)
        case ("fault", _), ("plant", _):
            throw fail("unknown '\(verb)' command '\(rest.first ?? "")'; \(verb == "fault" ? "fault add|clear|list" : "plant get|set|list")")
        default:
            throw fail("unknown command '\(verb)'; try 'help'")
        }
    }

    /// `<kind> <target> [key=value ...] [--for <s>]`, checked by the scenario's own fault
    /// reader: the parameters become the keys of one `[[faults]]` table.
    private static func addFault(_ words: [String]) throws(FaultRejection) -> ControlRequest {
        var duration: Double?
        var positional: [String] = []
        var parameters: [(String, String)] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--for" || word.hasPrefix("--for=") {
                let text = word == "--for" ? (index < words.count ? words[index] : "") : String(word.dropFirst(6))
                if word == "--for" { index += 1 }
                guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                    throw FaultRejection(reason: "--for needs a positive number of seconds, not '\(text)'")
                }
                duration = seconds
            } else if let equals = word.firstIndex(of: "=") {
                parameters.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else {
                positional.append(word)
            }
        }
        guard positional.count == 2 else {
            throw FaultRejection(reason: "usage: fault add <kind> <device>[.<point>] [key=value ...] [--for <s>]")
        }
        let kind = kindAliases[positional[0]] ?? positional[0]
        var lines = ["kind = \(literal(kind))"]
        let target = positional[1]
        if kind == "trip" || kind == "pump-failure" {
            lines.append("device = \(literal(target))")
        } else if let dot = target.firstIndex(of: ".") {
            lines.append("device = \(literal(String(target[..<dot])))")
            lines.append("point = \(literal(String(target[target.index(after: dot)...])))")
        } else {
            lines.append("device = \(literal(target))")
        }
        for (key, value) in parameters {
            guard !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "_" }), !["kind", "device", "point"].contains(key) else {
                throw FaultRejection(reason: "'\(key)' is not a fault parameter (e.g. delay_ms=800, code=6)")
            }
            guard key != "start_s", key != "end_s" else { throw FaultRejection(reason: "a fault added now starts now: use --for <s>") }
            lines.append("\(key) = \(literal(value, number: true))")
        }
        let parsed = TOMLParser.parse(lines.joined(separator: "\n"))
        let diagnostics = ConfigDiagnostics()
        for error in parsed.errors { diagnostics.add(file: "", line: 0, key: error.key, message: error.message) }
        var spec: FaultSpec?
        if parsed.errors.isEmpty {
            let reader = TableReader(parsed.table, path: [], file: "", line: 0, diagnostics: diagnostics)
            spec = FaultReader.fault(reader, line: 0)
            reader.finish()
        }
        if let first = diagnostics.errors.first {
            let reason = first.key.isEmpty ? first.message : "\(first.key): \(first.message)"
            throw FaultRejection(reason: reason.replacingOccurrences(of: "'absent'", with: "'silent'"))
        }
        guard let spec else { throw FaultRejection(reason: "not a fault: \(words.joined(separator: " "))") }
        return .addFault(spec, duration: duration)
    }

    /// A TOML value for `text`: numbers, booleans and `<first>-<last>` ranges as such
    /// (when `number`), anything else a quoted string.
    private static func literal(_ text: String, number: Bool = false) -> String {
        if number {
            if Double(text) != nil || text == "true" || text == "false" { return text }
            if text.hasPrefix("0x"), UInt64(text.dropFirst(2), radix: 16) != nil { return text }
            let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]) { return "[\(first), \(last)]" }
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += String(format: "\\u%04X", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}
