import CGPIOD
import Synchronization

/// The GPIO lines that drive RS-485 DE/RE, by libmodbus context.
///
/// libmodbus 3.1.6 calls a custom RTS function as `void (*)(modbus_t *ctx, int on)`
/// and offers no user pointer (`modbus_set_user_data` arrived later), so the C
/// callback finds its line in this process-wide table, keyed by the context
/// address. Lines are stored as raw `gpiod_line` addresses: the owning
/// ``LibmodbusLink`` keeps the ``GPIODLine`` alive and unregisters before releasing it.
enum RTSLines {
    private static let lines = Mutex<[UInt: UInt]>([:])

    static func register(_ context: OpaquePointer, line: GPIODLine) {
        guard let handle = line.handle else { return }
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context)))
        let value = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle)))
        lines.withLock { $0[key] = value }
    }

    static func unregister(_ context: OpaquePointer) {
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context)))
        _ = lines.withLock { $0.removeValue(forKey: key) }
    }

    /// The C callback: `on` is 1 while libmodbus transmits. The line was requested
    /// with its polarity, so 1 is "driver enabled" whatever the wiring.
    static let drive: @convention(c) (OpaquePointer?, Int32) -> Void = { context, on in
        guard let context else { return }
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context)))
        guard let raw = lines.withLock({ $0[key] }),
              let line = OpaquePointer(bitPattern: raw) else { return }
        _ = gpiod_line_set_value(line, on != 0 ? 1 : 0)
    }
}
