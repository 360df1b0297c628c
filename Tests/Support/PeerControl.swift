import Foundation
import Glibc

/// The JSON-lines control port of a test peer (modbus_peer.py, hj212_platform.py): one object
/// per line out, one reply per line back, on 127.0.0.1. Connected on first use.
public final class PeerControl {
    public let port: Int
    private var handle: FileHandle?

    public init(port: Int) { self.port = port }

    deinit { close() }

    public func close() {
        try? handle?.close()
        handle = nil
    }

    /// Sends one command and returns the peer's reply; a reply with `error` throws it.
    @discardableResult
    public func command(_ message: [String: Any]) throws -> [String: Any] {
        let handle = try connected()
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0x0A)
        try handle.write(contentsOf: data)
        guard let line = Self.readLine(handle, deadline: 10),
              let reply = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw PeerError(message: "no reply to \(message)") }
        if let error = reply["error"] as? String { throw PeerError(message: error) }
        return reply
    }

    private func connected() throws -> FileHandle {
        if let handle { return handle }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw PeerError(message: "cannot reach the peer's control port \(port)")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.handle = handle
        return handle
    }

    /// Reads one line with a deadline (the handle is polled, never read open-ended).
    public static func readLine(_ handle: FileHandle, deadline: Double) -> String? {
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
