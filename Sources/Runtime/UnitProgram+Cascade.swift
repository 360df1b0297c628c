import Config
import Control

/// Cascades between `pid` loops (`setpoint_from`): outer loops scan before their inner loops in
/// the same scan, each inner gets its outer's output as its remote setpoint, each outer learns
/// what its inner does (to track it), and a remote setpoint held or resumed goes to the event log.
extension UnitProgram {
    /// Indices of `loops` with every outer before its inner; configuration order otherwise.
    /// The loader refuses cycles; should one get here anyway, its loops keep their order.
    static func scanOrder(_ loops: [any LoopRunner]) -> [Int] {
        let index = loopIndex(loops)
        var order: [Int] = []
        var placed = Set<Int>()
        func place(_ i: Int, _ visiting: Set<Int>) {
            guard !placed.contains(i), !visiting.contains(i) else { return }
            if let outer = loops[i].config.pidSetpointFrom.flatMap({ index[$0] }) { place(outer, visiting.union([i])) }
            if placed.insert(i).inserted { order.append(i) }
        }
        for i in loops.indices { place(i, []) }
        return order
    }

    /// A loop's place in the cascades, by `loops` index.
    struct CascadeLink {
        /// The loop its setpoint comes from (`setpoint_from`).
        var outer: Int?
        /// The loop whose setpoint it sets.
        var inner: Int?
        /// It has a remote setpoint (`setpoint_from` or `[ammonia]`): its holds are logged.
        var remote: Bool
    }

    /// `loops` index by loop name (names are unique: the loader says so).
    private static func loopIndex(_ loops: [any LoopRunner]) -> [String: Int] {
        Dictionary(loops.enumerated().map { ($0.element.config.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    static func cascadeLinks(_ loops: [any LoopRunner]) -> [CascadeLink] {
        let index = loopIndex(loops)
        var links = loops.map { loop in
            CascadeLink(outer: loop.config.pidSetpointFrom.flatMap { index[$0] }, inner: nil,
                        remote: loop.config.setpointSource != nil)
        }
        for (inner, link) in links.enumerated() {
            if let outer = link.outer, links[outer].inner == nil { links[outer].inner = inner }
        }
        return links
    }

    /// Before `loop` scans: its outer's output (it is an inner) and its inner's state (it is an outer).
    func linkCascade(before loop: any LoopRunner, _ link: CascadeLink) {
        if let outer = link.outer {
            loop.receiveRemote(loops[outer].remoteOutput)
        }
        if let index = link.inner {
            let inner = loops[index]
            loop.followInner(CascadeInner(name: inner.config.name, mode: inner.mode, setpoint: inner.setpoint,
                                          safeBecause: inner.status.safeBecause))
        }
    }

    /// After `loop` scans: logs its remote setpoint being held (bad or unavailable source) and
    /// followed again; leaving cascade while held ends it without a word (the mode change is logged).
    func noteRemoteSetpoint(after loop: any LoopRunner) {
        let name = loop.config.name
        let held = loop.remoteHeld
        guard held != heldRemoteSetpoints[name] else { return }
        if let held {
            log(.remoteSetpointHeld, name, "\(name) remote setpoint \(UnitConsoleBackend.number(loop.setpoint)): \(held)", by: nil)
        } else if heldRemoteSetpoints[name] != nil, loop.mode == .cascade {
            log(.remoteSetpointResumed, name, "\(name) follows its remote setpoint again (\(loop.config.setpointSource ?? "?"))", by: nil)
        }
        heldRemoteSetpoints[name] = held
    }

    /// Refusal of `cascade` for a loop without a remote setpoint, or nil.
    static func cascadeRefusal(_ loop: any LoopRunner, _ mode: LoopMode) -> String? {
        guard mode == .cascade, loop.config.setpointSource == nil else { return nil }
        let remedy = loop.config.typeName == "aeration" ? "an [loops.\(loop.config.name).ammonia] table"
            : loop.config.typeName == "pid" ? "setpoint_from = \"<outer loop>\"" : "none for a \(loop.config.typeName) loop"
        return "\(loop.config.name) has no remote setpoint, so no cascade mode (remote setpoint: \(remedy))"
    }

    /// Status with the cascade's word on the mode and the remote setpoint's source.
    func withCascade(_ status: LoopStatus, _ loop: any LoopRunner) -> LoopStatus {
        var status = status
        status.setpointSource = loop.config.setpointSource
        status.modeDetail = loop.modeDetail
        return status
    }
}

extension LoopConfig {
    /// The outer loop of a `pid` loop's cascade.
    var pidSetpointFrom: String? {
        if case .pid(let pid) = kind { pid.setpointFrom } else { nil }
    }
}
