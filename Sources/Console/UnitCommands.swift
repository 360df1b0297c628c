/// Commands over the `ConsoleBackend`: reads from snapshots and changes through the command queue.
/// Arguments are parsed and range-checked here for a quick answer; the program checks them again.
enum UnitCommands {
    static let all: [ConsoleCommand] = [status, show, watch, log, history, set, mode, out, hoa, ack, shelve, hold, release,
                                        calibrate, probe, autotune]

    static let status = ConsoleCommand(
        name: "status", minimumRole: .viewer,
        summary: LocalizedText("Unit summary: loops, alarms, I/O quality, uplinks, cycle", zh: "单元概况：回路、报警、I/O 质量、上传、周期")
    ) { session, arguments in
        guard arguments.isEmpty else { return .usage }
        session.environment.backend.statusLines().forEach(session.writeLine)
        return .ok
    }

    static let show = ConsoleCommand(
        name: "show", usage: "loop|tag|device|alarms|events|bus|calibration|config [name]", minimumRole: .viewer,
        summary: LocalizedText("Show one part of the unit in detail", zh: "详细显示单元的某一部分"),
        arguments: [.keyword(ConsoleShowTopic.allCases.map(\.rawValue)), .value]
    ) { session, arguments in
        guard (1...2).contains(arguments.count), let topic = ConsoleShowTopic(rawValue: arguments[0].lowercased())
        else { return .usage }
        return session.show(session.environment.backend.show(topic, name: arguments.dropFirst().first))
    }

    static let watch = ConsoleCommand(
        name: "watch", usage: "<tag> [tag...]", minimumRole: .viewer,
        summary: LocalizedText("Live values of tags until a key is pressed", zh: "实时刷新位号数值，按任意键停止"),
        arguments: [.names(.tag)]
    ) { session, arguments in
        guard (1...16).contains(arguments.count) else { return .usage }
        session.startWatch(arguments)
        return .ok
    }

    static let log = ConsoleCommand(
        name: "log", usage: "[lines]", minimumRole: .viewer,
        summary: LocalizedText("The latest event-log lines (default 20)", zh: "最近的事件日志（默认 20 行）"),
        arguments: [.value]
    ) { session, arguments in
        guard arguments.count <= 1 else { return .usage }
        let count = arguments.first.map { Int($0) } ?? 20
        guard let count, (1...500).contains(count) else { return .usage }
        session.environment.backend.logLines(count: count).forEach(session.writeLine)
        return .ok
    }

    static let history = ConsoleCommand(
        name: "history", usage: "<point> [minutes]", minimumRole: .viewer,
        summary: LocalizedText("Recent history of a point or loop value: min/avg/max, latest values (default 60 min)",
                               zh: "测点或回路值的近期历史：最小/平均/最大及最新数值（默认 60 分钟）"),
        arguments: [.name(.tag), .value]
    ) { session, arguments in
        guard (1...2).contains(arguments.count) else { return .usage }
        let minutes = arguments.count == 2 ? Int(arguments[1]) : 60
        guard let minutes, (1...527_040).contains(minutes) else { return .usage }
        return session.show(session.environment.backend.history(arguments[0], minutes: minutes))
    }

    static let set = ConsoleCommand(
        name: "set", usage: "sp <loop> <value>", minimumRole: .operator,
        summary: LocalizedText("Change a loop's setpoint", zh: "修改回路设定值"),
        arguments: [.keyword(["sp"]), .name(.loop), .value]
    ) { session, arguments in
        guard arguments.count == 3, arguments[0].lowercased() == "sp", let value = number(arguments[2])
        else { return .usage }
        return session.perform(.setpoint(loop: arguments[1], value: value))
    }

    static let mode = ConsoleCommand(
        name: "mode", usage: "<loop> auto|manual|cascade|oos", minimumRole: .operator,
        summary: LocalizedText("Change a loop's mode", zh: "切换回路模式"),
        arguments: [.name(.loop), .keyword(ConsoleLoopMode.allCases.map(\.rawValue))]
    ) { session, arguments in
        guard arguments.count == 2, let mode = ConsoleLoopMode(rawValue: arguments[1].lowercased()) else { return .usage }
        return session.perform(.mode(loop: arguments[0], mode))
    }

    static let out = ConsoleCommand(
        name: "out", usage: "<loop> <percent>", minimumRole: .technician,
        summary: LocalizedText("Set a loop's output (manual mode only)", zh: "设定回路输出（仅手动模式）"),
        arguments: [.name(.loop), .value]
    ) { session, arguments in
        guard arguments.count == 2, let percent = number(arguments[1]), (0...100).contains(percent) else { return .usage }
        return session.perform(.output(loop: arguments[0], percent: percent))
    }

    static let hoa = ConsoleCommand(
        name: "hoa", usage: "<equipment> hand|off|auto", minimumRole: .technician,
        summary: LocalizedText("Hand-off-auto of a blower, pump or valve", zh: "设备的手动/停止/自动选择"),
        arguments: [.name(.equipment), .keyword(ConsoleHandOffAuto.allCases.map(\.rawValue))]
    ) { session, arguments in
        guard arguments.count == 2, let setting = ConsoleHandOffAuto(rawValue: arguments[1].lowercased())
        else { return .usage }
        return session.perform(.handOffAuto(equipment: arguments[0], setting))
    }

    static let ack = ConsoleCommand(
        name: "ack", usage: "<alarm>|all", minimumRole: .operator,
        summary: LocalizedText("Acknowledge an alarm, or all of them", zh: "确认一个或全部报警"),
        arguments: [.name(.alarm)]
    ) { session, arguments in
        guard arguments.count == 1 else { return .usage }
        let alarm = arguments[0]
        return session.perform(.acknowledge(alarm: alarm.lowercased() == "all" ? nil : alarm))
    }

    static let shelve = ConsoleCommand(
        name: "shelve", usage: "<alarm> <minutes>", minimumRole: .operator,
        summary: LocalizedText("Shelve an alarm for 1-1440 minutes", zh: "搁置报警 1-1440 分钟"),
        arguments: [.name(.alarm), .value]
    ) { session, arguments in
        guard arguments.count == 2, let minutes = Int(arguments[1]), (1...1440).contains(minutes) else { return .usage }
        return session.perform(.shelve(alarm: arguments[0], minutes: minutes))
    }

    static let hold = oneName(
        "hold", "<instrument>", .technician, .instrument,
        LocalizedText("Hold an instrument's last good value (maintenance)", zh: "保持仪表的最后有效值（维护）")
    ) {
        .hold(instrument: $0)
    }

    static let release = oneName(
        "release", "<instrument>", .technician, .instrument,
        LocalizedText("End a hold", zh: "解除保持")
    ) {
        .release(instrument: $0)
    }

    static let calibrate = ConsoleCommand(
        name: "calibrate", usage: "ph|do <instrument> [start|point <value>|status|accept|cancel]",
        minimumRole: .technician,
        summary: LocalizedText("Guided calibration of a pH or DO probe", zh: "pH 或溶解氧探头的引导校准"),
        details: LocalizedText("""
            start: begin; the instrument is held. point <value>: the probe sits in a buffer (pH) or in air/zero (DO);
            recorded once the reading is stable. status: readings so far, slope and offset.
            accept: store the result if within limits. cancel: keep the old calibration.
            """, zh: """
            start：开始，仪表进入保持。point <值>：探头置于缓冲液（pH）或空气/零点（DO），读数稳定后记录。
            status：已记录的读数、斜率和偏移。accept：在限值内则保存结果。cancel：保留原校准。
            """),
        arguments: [.keyword(ConsoleCalibrationKind.allCases.map(\.rawValue)), .name(.instrument),
                    .keyword(["start", "point", "status", "accept", "cancel"]), .value]
    ) { session, arguments in
        guard (2...4).contains(arguments.count), let kind = ConsoleCalibrationKind(rawValue: arguments[0].lowercased())
        else { return .usage }
        let step: ConsoleCalibrationStep
        switch (arguments.count > 2 ? arguments[2].lowercased() : "start", arguments.count) {
        case ("start", 2...3): step = .start
        case ("status", 3): step = .status
        case ("accept", 3): step = .accept
        case ("cancel", 3): step = .cancel
        case ("point", 4):
            guard let value = number(arguments[3]) else { return .usage }
            step = .point(value)
        default: return .usage
        }
        return session.perform(.calibrate(kind, instrument: arguments[1], step))
    }

    static let probe = oneName(
        "probe", "<device>", .technician, .device,
        LocalizedText("Read a device's identity and registers once", zh: "读取一次设备标识与寄存器")
    ) {
        .probe(device: $0)
    }

    static let autotune = ConsoleCommand(
        name: "autotune", usage: "<loop> [start [amplitude]|status|abort|accept]", minimumRole: .engineer,
        summary: LocalizedText("Run a relay autotune of a loop", zh: "对回路进行继电器自整定"),
        details: LocalizedText("""
            start: the output switches by ± amplitude (output units, default 10) around its present value until
            the loop oscillates steadily; it aborts if the PV leaves the setpoint limits. Progress: show loop <loop>.
            accept: apply the proposed gains. abort: stop; the loop returns to its mode.
            """, zh: """
            start：输出在当前值附近按 ± 幅值（输出单位，默认 10）切换，直到回路稳定振荡；PV 超出设定值限值时中止。
            进度：show loop <回路>。accept：采用建议的参数。abort：停止，回路恢复原模式。
            """),
        arguments: [.name(.loop), .keyword(["start", "status", "abort", "accept"]), .value]
    ) { session, arguments in
        guard (1...3).contains(arguments.count) else { return .usage }
        let step: ConsoleAutotuneStep
        switch (arguments.count > 1 ? arguments[1].lowercased() : "start", arguments.count) {
        case ("start", 1...2): step = .start(amplitude: nil)
        case ("start", 3):
            guard let amplitude = number(arguments[2]), amplitude > 0 else { return .usage }
            step = .start(amplitude: amplitude)
        case ("status", 2): step = .status
        case ("abort", 2): step = .abort
        case ("accept", 2): step = .accept
        default: return .usage
        }
        return session.perform(.autotune(loop: arguments[0], step))
    }

    /// A command taking one name of the unit and submitting one request for it.
    static func oneName(_ name: String, _ usage: String, _ role: ConsoleRole, _ kind: ConsoleNameKind,
                        _ summary: LocalizedText, request: @escaping @Sendable (String) -> ConsoleRequest) -> ConsoleCommand {
        ConsoleCommand(name: name, usage: usage, minimumRole: role, summary: summary, arguments: [.name(kind)]) {
            session, arguments in
            guard arguments.count == 1 else { return .usage }
            return session.perform(request(arguments[0]))
        }
    }

    /// A finite decimal number; `nan`, `inf` and hex are refused.
    static func number(_ text: String) -> Double? {
        guard text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let value = Double(text), value.isFinite
        else { return nil }
        return value
    }
}
