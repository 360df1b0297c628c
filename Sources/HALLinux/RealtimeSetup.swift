import Glibc

/// Real-time scheduling for the calling thread, on request (`floc run --realtime`), as
/// Klipper's `-r` and ArduPilot's Linux scheduler do: SCHED_FIFO, all memory locked, and a
/// pre-faulted stack so the first deep call does not page-fault inside a scan.
public enum RealtimeSetup {
    /// Applies what the kernel allows and returns a warning naming what it refused
    /// (e.g. without CAP_SYS_NICE or an RLIMIT_RTPRIO), or nil when all of it took.
    public static func apply(priority: Int32 = 50, prefaultStackBytes: Int = 256 * 1024) -> String? {
        var refused: [String] = []
        var parameters = sched_param()
        parameters.sched_priority = priority
        let schedResult = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
        if schedResult != 0 {
            refused.append("SCHED_FIFO priority \(priority) (\(String(cString: strerror(schedResult))))")
        }
        if mlockall(MCL_CURRENT | MCL_FUTURE) != 0 {
            refused.append("mlockall (\(String(cString: strerror(errno))))")
        }
        prefaultStack(bytes: prefaultStackBytes)
        guard !refused.isEmpty else { return nil }
        return "real-time scheduling requested but the kernel refused: " + refused.joined(separator: ", ")
            + "; the scan runs with normal priority (run as root or grant CAP_SYS_NICE and CAP_IPC_LOCK, "
            + "e.g. AmbientCapabilities= in the systemd unit)"
    }

    /// Touches `bytes` of stack so its pages are resident (and, after mlockall, locked).
    @inline(never)
    static func prefaultStack(bytes: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes) { buffer in
            // One write per page is enough to fault it in; volatile-ish through the pointer.
            var index = 0
            while index < bytes {
                buffer[index] = 0
                index += 4096
            }
            _ = buffer.baseAddress.map { UnsafeMutableRawPointer($0) }
        }
    }
}
