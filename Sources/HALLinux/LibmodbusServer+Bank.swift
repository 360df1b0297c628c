import CModbus
import HAL

extension LibmodbusServer {
    /// The registers `address..<address+count` of `table` (input or holding).
    /// Fails with `.invalidArgument` for a bit table or addresses outside the layout.
    public func registers(_ table: ModbusTable, address: UInt16, count: Int) throws(HALError) -> [UInt16] {
        let offset = try check(table, bits: false, address: address, count: count, "read")
        return lock.withLock {
            let base = table == .holdingRegister ? mapping.pointee.tab_registers : mapping.pointee.tab_input_registers
            return (0..<count).map { base![offset + $0] }
        }
    }

    /// Sets registers of `table` (input or holding) from `address` on; clients see all of them
    /// change at once. Fails as ``registers(_:address:count:)``.
    public func setRegisters(_ table: ModbusTable, address: UInt16, _ values: [UInt16]) throws(HALError) {
        let offset = try check(table, bits: false, address: address, count: values.count, "write")
        lock.withLock {
            let base = table == .holdingRegister ? mapping.pointee.tab_registers : mapping.pointee.tab_input_registers
            for (index, value) in values.enumerated() { base![offset + index] = value }
        }
    }

    /// The bits `address..<address+count` of `table` (coil or discrete input).
    /// Fails with `.invalidArgument` for a register table or addresses outside the layout.
    public func bits(_ table: ModbusTable, address: UInt16, count: Int) throws(HALError) -> [Bool] {
        let offset = try check(table, bits: true, address: address, count: count, "read")
        return lock.withLock {
            let base = table == .coil ? mapping.pointee.tab_bits : mapping.pointee.tab_input_bits
            return (0..<count).map { base![offset + $0] != 0 }
        }
    }

    /// Sets bits of `table` (coil or discrete input) from `address` on. Fails as ``bits(_:address:count:)``.
    public func setBits(_ table: ModbusTable, address: UInt16, _ values: [Bool]) throws(HALError) {
        let offset = try check(table, bits: true, address: address, count: values.count, "write")
        lock.withLock {
            let base = table == .coil ? mapping.pointee.tab_bits : mapping.pointee.tab_input_bits
            for (index, value) in values.enumerated() { base![offset + index] = value ? 1 : 0 }
        }
    }

    /// The index of `address` in the table's array, once the whole span is known to be served.
    private func check(_ table: ModbusTable, bits: Bool, address: UInt16, count: Int,
                       _ verb: String) throws(HALError) -> Int {
        let range = layout.range(table)
        let span = Int(address)..<(Int(address) + count)
        guard table.isBit == bits, count > 0, range.lowerBound <= span.lowerBound,
              span.upperBound <= range.upperBound else {
            throw HALError(.invalidArgument, operation: "\(verb) \(table.rawValue) \(address)+\(count)",
                           context: "modbus server \(host):\(port)",
                           detail: table.isBit != bits
                               ? "\(table.rawValue) is a \(table.isBit ? "bit" : "register") table"
                               : "the server serves \(table.rawValue) \(range.lowerBound)..<\(range.upperBound)")
        }
        return span.lowerBound - range.lowerBound
    }
}
