import CModbus
import HAL

#if canImport(Glibc)
import Glibc
#endif

extension LibmodbusServer {
    // libmodbus's own RTU receive (3.1.6) drops every frame whose address differs from the
    // context's one slave id before returning it, so one context cannot be several devices on
    // a bus. The server frames requests itself (length from the function code, as libmodbus
    // does; CRC checked) and hands complete frames to modbus_reply, which does not filter.

    /// Reads frames from the serial device until `stop()`; a frame with a bad CRC, an
    /// unknown function or a gap longer than `byteTimeout` is dropped silently, as a real
    /// device would.
    func serveRTU(_ context: OpaquePointer, descriptor: Int32, byteTimeout: Double) {
        var frame = [UInt8](repeating: 0, count: Int(MODBUS_RTU_MAX_ADU_LENGTH))
        while true {
            var fds = [pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                return
            }
            if fds[0].revents != 0 { return }
            if fds[1].revents & Int16(POLLHUP | POLLERR) != 0, fds[1].revents & Int16(POLLIN) == 0 {
                // The other end of a pty is not open yet (or closed): wait, do not spin.
                var wake = fds[0]
                if poll(&wake, 1, 50) > 0 { return }
                continue
            }
            guard let length = readFrame(descriptor, into: &frame, byteTimeout: byteTimeout) else {
                drain(descriptor, byteTimeout: byteTimeout)
                continue
            }
            _ = modbus_set_slave(context, Int32(frame[0]))
            _ = dispatch(context, query: frame, length: length, headerLength: 1)
        }
    }

    /// One request frame, address to CRC; nil for a broken, unknown or incomplete frame.
    private func readFrame(_ fd: Int32, into frame: inout [UInt8], byteTimeout: Double) -> Int? {
        guard read(fd, into: &frame, at: 0, count: 2, byteTimeout: byteTimeout) else { return nil }
        var length: Int
        switch frame[1] {
        case 1...6: length = 8
        case 15, 16:
            guard read(fd, into: &frame, at: 2, count: 5, byteTimeout: byteTimeout) else { return nil }
            length = 7 + Int(frame[6]) + 2
        default: return nil
        }
        guard length <= frame.count else { return nil }
        let have = frame[1] == 15 || frame[1] == 16 ? 7 : 2
        guard read(fd, into: &frame, at: have, count: length - have, byteTimeout: byteTimeout) else { return nil }
        let crc = Self.crc16(frame[0..<(length - 2)])
        guard frame[length - 2] == UInt8(crc & 0xFF), frame[length - 1] == UInt8(crc >> 8) else { return nil }
        return length
    }

    /// Reads exactly `count` bytes at `offset`, each within `byteTimeout` of the previous one.
    private func read(_ fd: Int32, into frame: inout [UInt8], at offset: Int, count: Int, byteTimeout: Double) -> Bool {
        var got = 0
        let timeout = Int32(clamping: Int((byteTimeout * 1000).rounded(.up)))
        while got < count {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, timeout) > 0, pfd.revents & Int16(POLLIN) != 0 else { return false }
            let n = frame.withUnsafeMutableBufferPointer { Glibc.read(fd, $0.baseAddress! + offset + got, count - got) }
            if n <= 0 { return false }
            got += n
        }
        return true
    }

    /// Discards input until the line has been quiet for `byteTimeout`: resynchronises after noise.
    private func drain(_ fd: Int32, byteTimeout: Double) {
        var scratch = [UInt8](repeating: 0, count: 256)
        let timeout = Int32(clamping: Int((byteTimeout * 1000).rounded(.up)))
        while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, timeout) > 0, pfd.revents & Int16(POLLIN) != 0 else { return }
            if scratch.withUnsafeMutableBufferPointer({ Glibc.read(fd, $0.baseAddress, 256) }) <= 0 { return }
        }
    }

    /// Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF; Modbus over serial
    /// line V1.02, 6.2.2), low byte sent first.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }
}
