/// The four Modbus data tables.
public enum ModbusTable: String, Sendable, CaseIterable {
    case coil
    case discreteInput = "discrete"
    case inputRegister = "input"
    case holdingRegister = "holding"

    /// Coils and discrete inputs carry bits; the other two 16-bit registers.
    public var isBit: Bool { self == .coil || self == .discreteInput }
    /// Only coils and holding registers can be written.
    public var isWritable: Bool { self == .coil || self == .holdingRegister }
}

/// A Modbus master on one link (a serial port or one TCP connection).
///
/// A link is owned by exactly one bus thread: libmodbus is blocking and not
/// thread-safe. Every call blocks for at most the response timeout.
/// Failures throw ``HALError``; the caller turns them into point quality.
public protocol ModbusLink: AnyObject {
    /// Human-readable name for errors and logs, e.g. `rs485 (/dev/ttyAMA0)`.
    var name: String { get }
    var isConnected: Bool { get }
    func connect() throws(HALError)
    func close()
    /// Response timeout for the next requests, in seconds.
    func setResponseTimeout(seconds: Double)

    func readRegisters(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int) throws(HALError) -> [UInt16]
    func readBits(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int) throws(HALError) -> [Bool]
    /// Function 16 (or 6 when `values.count == 1` and `single` is set).
    func writeRegisters(unit: UInt8, address: UInt16, values: [UInt16], single: Bool) throws(HALError)
    /// Function 15 (or 5 when `values.count == 1` and `single` is set).
    func writeCoils(unit: UInt8, address: UInt16, values: [Bool], single: Bool) throws(HALError)
}

public extension ModbusLink {
    func writeRegisters(unit: UInt8, address: UInt16, values: [UInt16]) throws(HALError) {
        try writeRegisters(unit: unit, address: address, values: values, single: false)
    }

    func writeCoils(unit: UInt8, address: UInt16, values: [Bool]) throws(HALError) {
        try writeCoils(unit: unit, address: address, values: values, single: false)
    }
}
