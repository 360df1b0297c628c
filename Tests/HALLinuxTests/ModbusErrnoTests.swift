import Glibc
import HAL
import HALLinux
import Testing

@Suite("libmodbus errno mapping")
struct ModbusErrnoTests {
    static let table: [(errno: Int32, code: HALError.Code)] = [
        (ETIMEDOUT, .timeout),
        (ModbusErrno.base + 1, .modbusException(.illegalFunction)),
        (ModbusErrno.base + 2, .modbusException(.illegalDataAddress)),
        (ModbusErrno.base + 3, .modbusException(.illegalDataValue)),
        (ModbusErrno.base + 4, .modbusException(.serverDeviceFailure)),
        (ModbusErrno.base + 6, .modbusException(.serverDeviceBusy)),
        (ModbusErrno.base + 10, .modbusException(.gatewayPathUnavailable)),
        (ModbusErrno.base + 11, .modbusException(.gatewayTargetFailedToRespond)),
        (ModbusErrno.base + 9, .badFrame),
        (ModbusErrno.badCRC, .badFrame),
        (ModbusErrno.badData, .badFrame),
        (ModbusErrno.badException, .badFrame),
        (ModbusErrno.tooManyData, .badFrame),
        (ModbusErrno.badSlave, .badFrame),
        (ECONNRESET, .linkDown),
        (EPIPE, .linkDown),
        (ECONNREFUSED, .linkDown),
        (EBADF, .linkDown),
        (ENOTCONN, .linkDown),
        (EIO, .linkDown),
        (EINVAL, .invalidArgument),
        (ENOMEM, .system),
    ]

    @Test("errno -> code", arguments: table)
    func mapping(errno: Int32, code: HALError.Code) {
        #expect(ModbusErrno.code(for: errno) == code)
    }

    @Test func exceptionErrnosMatchLibmodbus() {
        // Pins the Swift constants to the C header's values.
        #expect(ModbusErrno.base == 112_345_678)
        #expect(ModbusErrno.badCRC == 112_345_678 + 12)
        #expect(ModbusErrno.badSlave == 112_345_678 + 17)
    }

    @Test func errorCarriesLibmodbusTextAndName() {
        let error = ModbusErrno.error(ModbusErrno.base + 2, operation: "read holding 100+10 unit 3",
                                      context: "tcp 127.0.0.1:1502")
        #expect(error.code == .modbusException(.illegalDataAddress))
        #expect(error.errno == ModbusErrno.base + 2)
        #expect(error.description == "tcp 127.0.0.1:1502: read holding 100+10 unit 3: "
            + "Modbus exception 2 ILLEGAL DATA ADDRESS (Illegal data address)")
    }

    @Test func timeoutCarriesHint() {
        let error = ModbusErrno.error(ETIMEDOUT, operation: "read input 0+1 unit 1", context: "rtu /dev/ttyUSB0 9600 8N1")
        #expect(error.detail == "Connection timed out; check wiring, unit id, baud rate and parity")
    }
}
