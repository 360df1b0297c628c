import HAL
import HALLinux
import Synchronization

/// The device-level faults active now on one bus, read by the server thread for every
/// request and replaced by the emulator at each tick.
final class RequestFaults: Sendable {
    private let active = Mutex<[UInt8: [FaultSpec.Kind]]>([:])

    func replace(_ faults: [UInt8: [FaultSpec.Kind]]) { active.withLock { $0 = faults } }

    /// Silence for an absent device, an exception when a fault's range is touched, else a
    /// reply (damaged under noise) after the longest active delay.
    func disposition(for request: LibmodbusServer.Request) -> LibmodbusServer.Disposition {
        let kinds = active.withLock { $0[request.unit] ?? [] }
        var delay = 0.0
        var corrupt = false
        for kind in kinds {
            switch kind {
            case .absent:
                return .silence
            case .exception(let code, let table, let addresses):
                let tableMatches = table == nil || table == request.table
                let touches = addresses.map { request.span.overlaps($0.lowerBound..<($0.upperBound + 1)) } ?? true
                if tableMatches, touches { return .exception(code) }
            case .delay(let seconds):
                delay = max(delay, seconds)
            case .noise(let rate):
                if rate >= 1 || Double.random(in: 0..<1) < rate { corrupt = true }
            case .frozen, .offset, .bitFlip, .dead, .plant:
                break
            }
        }
        return LibmodbusServer.Disposition(corrupt ? .corrupt : .reply, delay: delay)
    }
}
