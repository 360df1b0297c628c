import CModbus
import Glibc

/// The baseline: `modbus_read_registers` in a tight loop on one libmodbus context.
enum DirectBench {
    static func run(port: Int, limits: BenchLimits, expected: [UInt16]) throws -> LatencyStats {
        guard let context = modbus_new_tcp("127.0.0.1", Int32(port)) else { throw BenchError("modbus_new_tcp failed") }
        defer { modbus_free(context) }
        guard modbus_connect(context) == 0 else { throw BenchError("connect: " + String(cString: modbus_strerror(errno))) }
        defer { modbus_close(context) }
        _ = modbus_set_slave(context, 1)
        var buffer = [UInt16](repeating: 0, count: expected.count)
        let count = Int32(expected.count)
        let stats = try limits.measure {
            let read = buffer.withUnsafeMutableBufferPointer { modbus_read_registers(context, 0, count, $0.baseAddress) }
            guard read == count else { throw BenchError("read failed: " + String(cString: modbus_strerror(errno))) }
        }
        guard buffer == expected else { throw BenchError("direct read returned \(buffer), not \(expected)") }
        return stats
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
