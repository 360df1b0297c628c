import CModbus
import Foundation
import HAL

extension LibmodbusServer {
    /// The four tables of one served device, in a libmodbus mapping.
    ///
    /// Read and written from any thread under the lock the server thread holds while it
    /// answers, so a request never sees a value half written. Owns its mapping.
    public final class Bank: @unchecked Sendable {
        // @unchecked: `mapping` and `writes` are only touched under `lock`.
        public let layout: Layout
        /// What the bank answers as in messages (`unit 10`, `every unit`).
        public let name: String
        let lock = NSLock()
        let mapping: UnsafeMutablePointer<modbus_mapping_t>
        private var writes = 0

        init(layout: Layout, name: String) {
            self.layout = layout
            self.name = name
            func start(_ range: Range<Int>) -> UInt32 { UInt32(clamping: range.lowerBound) }
            func count(_ range: Range<Int>) -> UInt32 { UInt32(clamping: range.count) }
            guard let mapping = modbus_mapping_new_start_address(
                start(layout.coils), count(layout.coils), start(layout.discreteInputs), count(layout.discreteInputs),
                start(layout.holdingRegisters), count(layout.holdingRegisters),
                start(layout.inputRegisters), count(layout.inputRegisters))
            else { fatalError("libmodbus cannot allocate a register mapping: out of memory") }
            self.mapping = mapping
        }

        deinit { modbus_mapping_free(mapping) }

        /// Write requests (functions 5, 6, 15, 16) answered for this bank so far: compare with
        /// an earlier value to learn that a client wrote, without scanning the tables.
        public var writeCount: Int { lock.withLock { writes } }

        /// Counts one answered write; called by the server thread, which holds `lock`.
        func noteWrite() { writes += 1 }

        /// The registers `address..<address+count` of `table` (input or holding).
        /// Fails with `.invalidArgument` for a bit table or addresses outside the layout.
        public func registers(_ table: ModbusTable, address: UInt16, count: Int) throws(HALError) -> [UInt16] {
            let offset = try check(table, bits: false, address: address, count: count, "read")
            return lock.withLock {
                let base = table == .holdingRegister ? mapping.pointee.tab_registers : mapping.pointee.tab_input_registers
                return (0..<count).map { base![offset + $0] }
            }
        }

        /// Sets registers of `table` (input or holding) from `address` on; clients see all of
        /// them change at once. Fails as ``registers(_:address:count:)``.
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
                               context: "modbus server bank (\(name))",
                               detail: table.isBit != bits
                                   ? "\(table.rawValue) is a \(table.isBit ? "bit" : "register") table"
                                   : "the bank serves \(table.rawValue) \(range.lowerBound)..<\(range.upperBound)")
            }
            return span.lowerBound - range.lowerBound
        }
    }

    // MARK: The single bank of a server built with `init(layout:)`

    /// The bank every unit id gets; fails with `.invalidArgument` on a server with one bank per unit.
    private func sharedBank(_ operation: String) throws(HALError) -> Bank {
        guard let shared else {
            throw HALError(.invalidArgument, operation: operation, context: "modbus server",
                           detail: "the server has one bank per unit id: use bank(unit:)")
        }
        return shared
    }

    /// As ``Bank/registers(_:address:count:)`` on the bank of a single-bank server.
    public func registers(_ table: ModbusTable, address: UInt16, count: Int) throws(HALError) -> [UInt16] {
        try sharedBank("read").registers(table, address: address, count: count)
    }

    /// As ``Bank/setRegisters(_:address:_:)`` on the bank of a single-bank server.
    public func setRegisters(_ table: ModbusTable, address: UInt16, _ values: [UInt16]) throws(HALError) {
        try sharedBank("write").setRegisters(table, address: address, values)
    }

    /// As ``Bank/bits(_:address:count:)`` on the bank of a single-bank server.
    public func bits(_ table: ModbusTable, address: UInt16, count: Int) throws(HALError) -> [Bool] {
        try sharedBank("read").bits(table, address: address, count: count)
    }

    /// As ``Bank/setBits(_:address:_:)`` on the bank of a single-bank server.
    public func setBits(_ table: ModbusTable, address: UInt16, _ values: [Bool]) throws(HALError) {
        try sharedBank("write").setBits(table, address: address, values)
    }
}
