import CModbus
import HAL

#if canImport(Glibc)
import Glibc
#endif

extension LibmodbusLink {
    public func readRegisters(_ table: ModbusTable, unit: UInt8, address: UInt16,
                              count: Int) throws(HALError) -> [UInt16] {
        try read(table, bits: false, unit: unit, address: address, count: count,
                 limit: MODBUS_MAX_READ_REGISTERS, blank: UInt16(0),
                 table == .holdingRegister ? modbus_read_registers : modbus_read_input_registers)
    }

    public func readBits(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int) throws(HALError) -> [Bool] {
        try read(table, bits: true, unit: unit, address: address, count: count,
                 limit: MODBUS_MAX_READ_BITS, blank: UInt8(0),
                 table == .coil ? modbus_read_bits : modbus_read_input_bits).map { $0 != 0 }
    }

    /// One read: `bits` says which kind of table the caller expects, `call` is the libmodbus reader.
    private func read<Value>(_ table: ModbusTable, bits: Bool, unit: UInt8, address: UInt16, count: Int,
                             limit: Int32, blank: Value,
                             _ call: (OpaquePointer?, Int32, Int32, UnsafeMutablePointer<Value>?) -> Int32)
        throws(HALError) -> [Value] {
        // Built only on failure: it runs for every poll.
        func operation() -> String { "read \(table.rawValue) \(address)+\(count) unit \(unit)" }
        guard table.isBit == bits else {
            throw misuse(operation(), "\(table.rawValue) is a \(table.isBit ? "bit" : "register") table: "
                + "use \(table.isBit ? "readBits" : "readRegisters")")
        }
        try check(count, 1...Int(limit), operation())
        var values = [Value](repeating: blank, count: count)
        try perform(operation(), unit: unit) { context in
            values.withUnsafeMutableBufferPointer { buffer in
                call(context, Int32(address), Int32(count), buffer.baseAddress)
            }
        }
        return values
    }

    public func writeRegisters(unit: UInt8, address: UInt16, values: [UInt16], single: Bool) throws(HALError) {
        let useSingle = single && values.count == 1
        func operation() -> String { "write holding \(address)+\(values.count) unit \(unit) (FC\(useSingle ? 6 : 16))" }
        try check(values.count, 1...Int(MODBUS_MAX_WRITE_REGISTERS), operation())
        try perform(operation(), unit: unit) { context in
            if useSingle { return modbus_write_register(context, Int32(address), values[0]) }
            return values.withUnsafeBufferPointer { buffer in
                modbus_write_registers(context, Int32(address), Int32(values.count), buffer.baseAddress)
            }
        }
    }

    public func writeCoils(unit: UInt8, address: UInt16, values: [Bool], single: Bool) throws(HALError) {
        let useSingle = single && values.count == 1
        func operation() -> String { "write coil \(address)+\(values.count) unit \(unit) (FC\(useSingle ? 5 : 15))" }
        try check(values.count, 1...Int(MODBUS_MAX_WRITE_BITS), operation())
        try perform(operation(), unit: unit) { context in
            if useSingle { return modbus_write_bit(context, Int32(address), values[0] ? 1 : 0) }
            let bytes = values.map { UInt8($0 ? 1 : 0) }
            return bytes.withUnsafeBufferPointer { buffer in
                modbus_write_bits(context, Int32(address), Int32(values.count), buffer.baseAddress)
            }
        }
    }

    // MARK: One request

    /// Runs one libmodbus call for `unit`, counting it and turning `-1` into a ``HALError``.
    private func perform(_ operation: @autoclosure () -> String, unit: UInt8,
                         _ call: (OpaquePointer) -> Int32) throws(HALError) {
        guard let context, isConnected else {
            throw HALError(.linkDown, operation: operation(), context: name, detail: "not connected")
        }
        // libmodbus refuses RTU addresses above 247; the request must not go to the previous unit.
        guard modbus_set_slave(context, Int32(unit)) != -1 else {
            throw misuse(operation(), "unit id \(unit) is not valid on this link")
        }
        requestCount += 1
        if call(context) != -1 { return }
        let code = errno
        failureCount += 1
        let error = ModbusErrno.error(code, operation: operation(), context: name)
        recover(from: error.code, context: context)
        throw error
    }

    /// After a timeout or a bad frame, late or broken bytes may still arrive and
    /// would be read as the answer to the next request: drop them. On TCP the same
    /// happens with a late answer carrying an old transaction id.
    private func recover(from code: HALError.Code, context: OpaquePointer) {
        switch code {
        case .timeout:
            timeoutCount += 1
            modbus_flush(context)
        case .badFrame:
            modbus_flush(context)
        case .linkDown:
            modbus_close(context)
            isConnected = false
        default:
            break
        }
    }

    private func check(_ count: Int, _ range: ClosedRange<Int>, _ operation: @autoclosure () -> String) throws(HALError) {
        guard range.contains(count) else {
            throw misuse(operation(), "count \(count) outside \(range.lowerBound)...\(range.upperBound)")
        }
    }

    private func misuse(_ operation: String, _ detail: String) -> HALError {
        HALError(.invalidArgument, operation: operation, context: name, detail: detail)
    }
}
