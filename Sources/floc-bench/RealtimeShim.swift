import HALLinux

/// Real-time setup for benchmark threads (the same call `floc run --realtime` makes).
enum RealtimeShim {
    static func apply() -> String? { RealtimeSetup.apply() }
}
