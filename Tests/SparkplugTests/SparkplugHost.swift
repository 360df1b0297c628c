import FlocTestSupport
import Foundation
import Telemetry

/// Tests/peers/sparkplug_host.py: an independent Sparkplug B host that records every
/// spBv1.0 message as a JSON line and sends NCMD/DCMD on request.
final class SparkplugHost {
    let process: PeerProcess
    private let outPath: String
    private let control: MQTTClient

    init(broker: MosquittoBroker, primaryHost: String? = nil, version: MQTTClient.ProtocolVersion = .v311) throws {
        outPath = NSTemporaryDirectory() + "floc-sparkplug-host-\(broker.port).jsonl"
        try? FileManager.default.removeItem(atPath: outPath)
        let script = PeerProcess.packageRoot.appendingPathComponent("Tests/peers/sparkplug_host.py").path
        process = try PeerProcess(PeerProcess.python, ["-u", script, "--port", "\(broker.port)", "--out", outPath]
                                  + (primaryHost.map { ["--primary-host", $0] } ?? []) + (version == .v5 ? ["--mqtt5"] : []))
        control = try MQTTClient(.init(port: broker.port, clientID: "floc-test-control"), handlers: .init())
        try control.connect()
        guard PeerProcess.poll(deadline: 15, { self.lines().contains { $0["event"] as? String == "ready" } }) else {
            process.stop()
            throw SparkplugPeerError(message: "sparkplug_host.py did not become ready: \(process.errorOutput)")
        }
    }

    deinit { stop() }

    func stop() {
        control.disconnect()
        process.stop()
        try? FileManager.default.removeItem(atPath: outPath)
    }

    /// Every recorded line so far, in arrival order.
    func lines() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: outPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Recorded Sparkplug messages (not the ready line).
    func messages() -> [[String: Any]] { lines().filter { $0["topic"] != nil } }

    /// Waits up to `deadline` s for the messages to satisfy `condition`; returns them either way.
    @discardableResult
    func waitFor(deadline: Double = 10, _ condition: ([[String: Any]]) -> Bool) -> [[String: Any]] {
        _ = PeerProcess.poll(deadline: deadline) { condition(self.messages()) }
        return messages()
    }

    /// Sends a control request (see the script's docstring), retrying until the control client is up.
    func send(_ request: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: request)
        var lastError: Error?
        let sent = PeerProcess.poll(deadline: 5) {
            do {
                try control.publish(.init(topic: "floc-test/control", payload: Array(data), qos: 1))
                return true
            } catch {
                lastError = error
                return false
            }
        }
        if !sent { throw lastError ?? SparkplugPeerError(message: "control publish failed") }
    }
}

/// Thread-safe record of the commands the node handed to its callback.
final class CommandLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [SparkplugCommand] = []

    func append(_ command: SparkplugCommand) { lock.withLock { entries.append(command) } }
    var commands: [SparkplugCommand] { lock.withLock { entries } }
}

extension Array where Element == [String: Any] {
    func ofType(_ type: String) -> [[String: Any]] { filter { $0["type"] as? String == type } }
}

extension Dictionary where Key == String, Value == Any {
    var seq: Int? { self["seq"] as? Int }
    var bdSeq: Int? { self["bdSeq"] as? Int }
    var metricList: [[String: Any]] { self["metrics"] as? [[String: Any]] ?? [] }
}

struct SparkplugPeerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
