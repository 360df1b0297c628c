import CGPIOD
import HAL

#if canImport(Glibc)
import Glibc
#endif

/// One GPIO line requested through libgpiod v1 with consumer name `floc`.
///
/// Values are logical: the kernel applies active-low. Owns the chip handle and
/// the request; `release()` (or `deinit`) drives an output to its safe level,
/// then releases the line and closes the chip. Debouncing is done above HAL.
public final class GPIODLine: DigitalLine {
    public let address: LineAddress
    public let direction: GPIODRequest.Direction
    /// The level an output is driven to before it is released; `nil` for inputs.
    public let safeLevel: Bool?

    private var chip: OpaquePointer?
    /// The requested `gpiod_line`, `nil` once released.
    private(set) var handle: OpaquePointer?

    private init(address: LineAddress, direction: GPIODRequest.Direction, safeLevel: Bool?,
                 chip: OpaquePointer, handle: OpaquePointer) {
        self.address = address
        self.direction = direction
        self.safeLevel = safeLevel
        self.chip = chip
        self.handle = handle
    }

    deinit { release() }

    /// Requests an input. Fails with `.noSuchDevice` (no chip with that label; the
    /// detail lists the chips that exist), `.invalidArgument` (offset beyond the
    /// chip, or bias unsupported) or `.busy` (naming the current consumer).
    public static func requestInput(_ address: LineAddress, activeLow: Bool,
                                    bias: LineBias) throws(HALError) -> GPIODLine {
        try request(address, direction: .input(bias: bias), activeLow: activeLow, initial: false, safe: nil)
    }

    /// Requests an output driven to `initial` at once; `safe` is where `release()` leaves it.
    /// Fails as ``requestInput(_:activeLow:bias:)``.
    public static func requestOutput(_ address: LineAddress, activeLow: Bool, initial: Bool,
                                     safe: Bool) throws(HALError) -> GPIODLine {
        try request(address, direction: .output, activeLow: activeLow, initial: initial, safe: safe)
    }

    private static func request(_ address: LineAddress, direction: GPIODRequest.Direction, activeLow: Bool,
                                initial: Bool, safe: Bool?) throws(HALError) -> GPIODLine {
        let operation = direction.operation
        guard let chip = gpiod_chip_open_by_label(address.chipLabel) else {
            let code = errno
            if code == ENOENT {
                throw HALError(.noSuchDevice, operation: operation, context: address.description, errno: code,
                               detail: GPIOChips.missingChipDetail(label: address.chipLabel,
                                                                   chips: GPIOChips.list()))
            }
            throw GPIODRequest.error(code, operation: operation, address: address)
        }
        let lines = Int(gpiod_chip_num_lines(chip))
        guard Int(address.offset) < lines else {
            gpiod_chip_close(chip)
            throw HALError(.invalidArgument, operation: operation, context: address.description,
                           detail: GPIODRequest.offsetDetail(address, lines: lines))
        }
        guard let line = gpiod_chip_get_line(chip, address.offset) else {
            let code = errno
            gpiod_chip_close(chip)
            throw GPIODRequest.error(code, operation: operation, address: address)
        }
        let flags = GPIODRequest.flags(direction: direction, activeLow: activeLow)
        let result = switch direction {
        case .input: gpiod_line_request_input_flags(line, GPIODRequest.consumer, flags)
        case .output: gpiod_line_request_output_flags(line, GPIODRequest.consumer, flags, initial ? 1 : 0)
        }
        if result == -1 {
            let code = errno
            let holder = code == EBUSY ? currentConsumer(line) : nil
            gpiod_chip_close(chip)
            throw GPIODRequest.error(code, operation: operation, address: address, consumer: holder)
        }
        return GPIODLine(address: address, direction: direction, safeLevel: safe, chip: chip, handle: line)
    }

    /// Who holds a busy line, read fresh from the kernel.
    private static func currentConsumer(_ line: OpaquePointer) -> String {
        _ = gpiod_line_update(line)
        guard let name = gpiod_line_consumer(line) else { return "" }
        return String(cString: name)
    }

    /// The logical level: `true` is active.
    public func read() throws(HALError) -> Bool {
        guard let handle else { throw released("read") }
        let value = gpiod_line_get_value(handle)
        if value == -1 { throw GPIODRequest.error(errno, operation: "read", address: address) }
        return value == 1
    }

    /// Drives an output to the logical level `active`; `.invalidArgument` for an input.
    public func write(_ active: Bool) throws(HALError) {
        guard let handle else { throw released("write") }
        guard case .output = direction else {
            throw HALError(.invalidArgument, operation: "write", context: address.description,
                           detail: "line is requested as an input")
        }
        if gpiod_line_set_value(handle, active ? 1 : 0) == -1 {
            throw GPIODRequest.error(errno, operation: "write", address: address)
        }
    }

    public func release() {
        guard let handle else { return }
        if let safeLevel { _ = gpiod_line_set_value(handle, safeLevel ? 1 : 0) }
        gpiod_line_release(handle)
        self.handle = nil
        if let chip { gpiod_chip_close(chip) }
        chip = nil
    }

    private func released(_ operation: String) -> HALError {
        HALError(.invalidArgument, operation: operation, context: address.description, detail: "line was released")
    }
}
