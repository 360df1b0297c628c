import Console
import HAL
import Synchronization

/// A small in-memory unit for console tests: fixed names, records every request.
final class UnitStub: ConsoleBackend {
    let requests = Mutex<[(ConsoleRequest, ConsoleUser)]>([])
    var unitName: String { "c1" }

    func statusLines() -> [String] { ["DO1 SP 2.00 PV 1.95 OUT 41.0 auto", "alarms: none"] }

    func show(_ topic: ConsoleShowTopic, name: String?) -> ConsoleReply {
        guard topic == .loop else { return .refused("nothing to show") }
        return .done(["loop \(name ?? "all")"])
    }

    func names(_ kind: ConsoleNameKind) -> [String] {
        switch kind {
        case .loop: ["do1", "do2", "ph1"]
        case .tag: ["do1.pv", "ph1.pv"]
        default: []
        }
    }

    func watchLines(tags: [String]) -> [String] { tags.map { "\($0) = 1.0" } }
    func logLines(count: Int) -> [String] { (0..<min(count, 3)).map { "event \($0)" } }

    func perform(_ request: ConsoleRequest, by user: ConsoleUser) -> ConsoleReply {
        requests.withLock { $0.append((request, user)) }
        if case .setpoint(_, let value) = request, value > 10 { return .refused("setpoint above 10 mg/L") }
        if case .calibrate(_, _, .point(let value)) = request { return .pending(ConsolePendingWork(StubTask(polls: Int(value)))) }
        return .done(["accepted"])
    }
}

/// A task that waits `polls` polls, then finishes; counts its polls and cancellations.
final class StubTask: ConsolePendingTask {
    let state: Mutex<(left: Int, polled: Int, cancelled: Bool)>

    init(polls: Int) { state = Mutex((polls, 0, false)) }

    func poll() -> ConsoleProgress {
        state.withLock { state in
            state.polled += 1
            guard state.left > 0 else { return .finished(.done(["point recorded"])) }
            state.left -= 1
            return .waiting("waiting \(state.left)")
        }
    }

    func cancel() -> ConsoleReply {
        state.withLock { $0.cancelled = true }
        return .done(["point not recorded"])
    }
}
