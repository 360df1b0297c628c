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
        "page faults \(minorFaults) minor / \(majorFaults) major, preempted \(involuntarySwitches) times, "
            + "\(voluntarySwitches) sleeps"
    }

    /// CPU time of the calling thread, in nanoseconds.
    static func cpuNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// Time the hypervisor ran something else on this machine's virtual CPUs (the `steal` column
/// of /proc/stat), in milliseconds: a bare sleep loop woken late by it is no fault of the program.
enum StealTime {
    static func milliseconds() -> Int {
        guard let file = fopen("/proc/stat", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let fields = String(cString: line).split(separator: " ")
        // cpu user nice system idle iowait irq softirq steal: steal is field 8, in USER_HZ (100/s).
        guard fields.count > 8, let steal = Int(fields[8]) else { return 0 }
        return steal * 10
    }
}
