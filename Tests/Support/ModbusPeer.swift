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
    private var control: FileHandle?

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
        guard let ready = Self.readLine(process.outputPipe.fileHandleForReading, deadline: timeout),
              let object = try? JSONSerialization.jsonObject(with: Data(ready.utf8)) as? [String: Any],
              let control = object["control_port"] as? Int
        else {
            process.stop()
            throw PeerError(message: "modbus_peer.py did not become ready: \(process.errorOutput)")
        }
        controlPort = control
        modbusPort = object["modbus_port"] as? Int ?? 0
        serialPath = object["serial"] as? String ?? ""
    }

    deinit { stop() }

    public func stop() {
        try? control?.close()
        control = nil
        process.stop()
    }

    /// Sends one control command and returns the peer's JSON reply.
    @discardableResult
    public func command(_ message: [String: Any]) throws -> [String: Any] {
        let handle = try controlHandle()
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0x0A)
        try handle.write(contentsOf: data)
        guard let line = Self.readLine(handle, deadline: 10),
              let reply = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw PeerError(message: "no reply to \(message)") }
        if let error = reply["error"] as? String { throw PeerError(message: error) }
        return reply
    }

    /// Requests the line has seen for `unit` and function code `fc` since the last reset.
    public func requestCount(unit: Int, function fc: Int) throws -> Int {
        let counts = try command(["cmd": "counts"])["counts"] as? [String: Int] ?? [:]
        return counts["\(unit):\(fc)"] ?? 0
    }

    private func controlHandle() throws -> FileHandle {
        if let control { return control }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(controlPort).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw PeerError(message: "cannot reach the peer's control port \(controlPort)")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        control = handle
        return handle
    }

    /// Reads one line with a deadline (the handle is polled, never read open-ended).
    private static func readLine(_ handle: FileHandle, deadline: Double) -> String? {
        var buffer = Data()
        let end = Date().addingTimeInterval(deadline)
        while Date() < end {
            var pfd = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, end.timeIntervalSinceNow * 1000))
            guard poll(&pfd, 1, remaining) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(handle.fileDescriptor, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return String(decoding: buffer, as: UTF8.self) }
            buffer.append(byte)
        }
        return nil
    }
}

public struct PeerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
