import Foundation
import Glibc

/// Tests/peers/modbus_peer.py: pymodbus (an independent Modbus implementation) behind a
/// fault-injecting line, over TCP on 127.0.0.1 or RTU on a socat pty pair.
///
/// Started by the test that uses it and stopped on every path (`stop()` or deinit), by pid.
public final class ModbusPeer {
    public enum Transport {
        case tcp
        /// `serial` is the path of the pty end Floc opens (a symlink socat makes).
        case rtu(serial: String, baud: Int)
    }

    public let process: PeerProcess
    public let controlPort: Int
    /// TCP: the port Floc connects to.
    public let modbusPort: Int
    /// RTU: the pty Floc opens.
    public let serialPath: String
    private let control: PeerControl

    /// `units`: unit id -> spec as the peer's JSON config takes it, e.g.
    /// `["1": [:], "2": ["holding": ["100": [1, 2, 3]]]]`.
    public init(_ transport: Transport, units: [String: Any] = ["1": [String: Any]()], timeout: Double = 20) throws {
        var config: [String: Any] = ["units": units]
        switch transport {
        case .tcp:
            config["transport"] = "tcp"
        case .rtu(let serial, let baud):
            config["transport"] = "rtu"
            config["serial"] = serial
            config["baud"] = baud
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let script = PeerProcess.packageRoot.appendingPathComponent("Tests/peers/modbus_peer.py").path
        process = try PeerProcess(PeerProcess.python, ["-u", script, "--config", json])
        guard let ready = PeerControl.readLine(process.outputPipe.fileHandleForReading, deadline: timeout),
              let object = try? JSONSerialization.jsonObject(with: Data(ready.utf8)) as? [String: Any],
              let control = object["control_port"] as? Int
        else {
            process.stop()
            throw PeerError(message: "modbus_peer.py did not become ready: \(process.errorOutput)")
        }
        controlPort = control
        self.control = PeerControl(port: control)
        modbusPort = object["modbus_port"] as? Int ?? 0
        serialPath = object["serial"] as? String ?? ""
    }

    deinit { stop() }

    public func stop() {
        control.close()
        process.stop()
    }

    /// Sends one control command and returns the peer's JSON reply.
    @discardableResult
    public func command(_ message: [String: Any]) throws -> [String: Any] {
        try control.command(message)
    }

    /// Requests the line has seen for `unit` and function code `fc` since the last reset.
    public func requestCount(unit: Int, function fc: Int) throws -> Int {
        let counts = try command(["cmd": "counts"])["counts"] as? [String: Int] ?? [:]
        return counts["\(unit):\(fc)"] ?? 0
    }
}

public struct PeerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
