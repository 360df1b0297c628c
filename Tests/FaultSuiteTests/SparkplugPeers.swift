import FlocTestSupport
import Foundation

/// A mosquitto on a free 127.0.0.1 port (persistence off) that can be stopped and started again
/// on the same port, and Tests/peers/sparkplug_host.py subscribed to it as the unit's primary
/// host `scada`: the unit publishes, and replays its backlog, only after the host said online.
/// Everything is stopped by pid.
final class SparkplugPeers {
    static let mosquitto = "/usr/sbin/mosquitto"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: mosquitto) && PeerProcess.pythonAvailable }

    let port = PeerProcess.freePort()
    let folder: String
    private(set) var broker: PeerProcess?
    private var host: PeerProcess?
    private var hostOut: String { folder + "/host.jsonl" }

    init(folder: String) throws {
        self.folder = folder
        try "listener \(port) 127.0.0.1\nallow_anonymous true\npersistence false\n"
            .write(toFile: folder + "/mosquitto.conf", atomically: true, encoding: .utf8)
        try startBroker()
        let script = PeerProcess.packageRoot.appendingPathComponent("Tests/peers/sparkplug_host.py").path
        host = try PeerProcess(PeerProcess.python, ["-u", script, "--port", "\(port)", "--out", hostOut, "--primary-host", "scada"])
        guard PeerProcess.poll(deadline: 15, { self.lines().contains { $0["event"] as? String == "ready" } }) else {
            throw PeerError("sparkplug_host.py not ready: \(host?.errorOutput ?? "")")
        }
    }

    deinit { stop() }

    /// The `--set` overrides that point a unit's `[uplinks.sparkplug]` at this broker.
    var uplinkSets: [String] {
        ["uplinks.sparkplug.host=127.0.0.1", "uplinks.sparkplug.port=\(port)", "uplinks.sparkplug.group=Floc",
         "uplinks.sparkplug.edge_node=outage", "uplinks.sparkplug.primary_host=scada"]
    }

    /// Starts mosquitto and waits until its port listens (/proc/net/tcp, state 0A).
    func startBroker() throws {
        broker = try PeerProcess(Self.mosquitto, ["-c", folder + "/mosquitto.conf"])
        let local = String(format: "0100007F:%04X", port)
        let listening = PeerProcess.poll(deadline: 10) {
            let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
            return table.split(separator: "\n").contains { row in
                let fields = row.split(separator: " ")
                return fields.count > 3 && fields[1] == local && fields[3] == "0A"
            }
        }
        if !listening { throw PeerError("mosquitto did not listen on \(port)") }
    }

    func stopBroker() {
        broker?.stop()
        broker = nil
    }

    func stop() {
        host?.stop()
        host = nil
        stopBroker()
    }

    /// Every line the host recorded so far.
    func lines() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: hostOut, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// One metric value as the host decoded it.
    struct Value {
        var device: String?
        var alias: Int?
        var name: String?
        var timestamp: Int
        var historical: Bool
        var value: Any?
    }

    /// Every metric of every NBIRTH/DBIRTH/NDATA/DDATA, in arrival order.
    func values() -> [Value] {
        lines().filter { $0["topic"] != nil }.flatMap { line in
            ((line["metrics"] as? [[String: Any]]) ?? []).map {
                Value(device: line["device"] as? String, alias: $0["alias"] as? Int, name: $0["name"] as? String,
                      timestamp: $0["timestamp"] as? Int ?? 0, historical: $0["is_historical"] as? Bool ?? false, value: $0["value"])
            }
        }
    }

    /// The alias the last NBIRTH gave a node metric.
    func nodeAlias(_ name: String) -> Int? {
        values().last { $0.device == nil && $0.name == name }?.alias
    }
}

struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
