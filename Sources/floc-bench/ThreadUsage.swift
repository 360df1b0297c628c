import Glibc

/// The calling thread's page faults and context switches (getrusage RUSAGE_THREAD): what a
/// late scan is made of, besides the kernel's wake-up latency.
struct ThreadUsage: Sendable {
    var minorFaults = 0
    var majorFaults = 0
    var voluntarySwitches = 0
    var involuntarySwitches = 0

    static func current() -> ThreadUsage {
        var usage = rusage()
        // RUSAGE_THREAD (1) is a GNU extension the Glibc module does not export by name.
        guard getrusage(__rusage_who_t(1), &usage) == 0 else { return ThreadUsage() }
        return ThreadUsage(minorFaults: usage.ru_minflt, majorFaults: usage.ru_majflt,
                           voluntarySwitches: usage.ru_nvcsw, involuntarySwitches: usage.ru_nivcsw)
    }

    static func - (a: ThreadUsage, b: ThreadUsage) -> ThreadUsage {
        ThreadUsage(minorFaults: a.minorFaults - b.minorFaults, majorFaults: a.majorFaults - b.majorFaults,
                    voluntarySwitches: a.voluntarySwitches - b.voluntarySwitches,
                    involuntarySwitches: a.involuntarySwitches - b.involuntarySwitches)
    }

    var summary: String {
        "page faults \(minorFaults) minor / \(majorFaults) major, preempted \(involuntarySwitches) times"
    }

    /// CPU time of the calling thread, in nanoseconds.
    static func cpuNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
