import ArgumentParser
import Control
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Synchronization

/// `floc-bench scan`: wake-up lateness and cycle time of Floc's scan (a unit of 64 inputs,
/// 64 PID loops and 64 outputs, run by `UnitProgram` in a `ScanEngine` with a bus thread
/// feeding the image, as `floc run` runs it), side by side with a bare absolute-deadline
/// sleep loop (the floor on this kernel), at each period, while a busy thread keeps the
/// other core loaded.
struct ScanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan timing (64 points) against a bare clock_nanosleep(TIMER_ABSTIME) loop."
    )

    @Option(help: "Measured seconds per side and period (1...600).")
    var seconds: Double = 60

    @Option(help: "Scan periods in ms, comma separated.")
    var periods: String = "100,10"

    @Option(name: .customLong("poll-ms"), help: "Poll period of the bench devices in ms (10...10000).")
    var pollMs: Int = 100

    @Flag(help: "Do not load the other core.")
    var noLoad = false

    @Flag(help: "Ask for SCHED_FIFO and mlockall on the measured threads (needs privileges).")
    var realtime = false

    func validate() throws {
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be 1...600") }
        guard (10...10_000).contains(pollMs) else { throw ValidationError("--poll-ms must be 10...10000") }
        guard !parsedPeriods.isEmpty, parsedPeriods.allSatisfy({ (10...10_000).contains($0) }) else {
            throw ValidationError("--periods must be ms values in 10...10000")
        }
    }

    var parsedPeriods: [Int] { periods.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let load = noLoad ? nil : BusyThread()
        defer { load?.stop() }
        print("floc-bench scan: unit of 64 inputs, 64 pid loops, 64 outputs, 1 bus thread; "
            + "\(PointFormatting.number(seconds)) s per side and period; "
            + (noLoad ? "no load" : "one busy thread loading the other core") + (realtime ? "; SCHED_FIFO requested" : ""))
        print("period  side           cycles  late p50 µs  late p99 µs  late max µs  exec p50 µs  exec p99 µs  overruns")
        for period in parsedPeriods {
            let loadStart = load?.usage
            let stealStart = StealTime.milliseconds()
            let bare = BareLoop.run(period: .milliseconds(period), seconds: seconds, realtime: realtime)
            let scan = try ScanLoop.run(period: .milliseconds(period), seconds: seconds, realtime: realtime, pollMs: pollMs)
            print(bare.row(period: period, side: "bare sleep"))
            print(scan.row(period: period, side: "Floc scan"))
            print(String(format: "        p99 lateness Floc/bare: %.2fx (target <= 1.5x); overruns at %d ms: %d",
                         scan.lateness.p99 / max(bare.lateness.p99, 0.001), period, scan.overruns))
            print("        scan thread: \(scan.threadUsage.summary); bare thread: \(bare.threadUsage.summary)")
            let worst = scan.lateness.worst.map { String(format: "#%d %.0f µs", $0.index, $0.micros) }.joined(separator: ", ")
            print("        latest Floc wake-ups: \(worst); CPU time stolen by the hypervisor: \(StealTime.milliseconds() - stealStart) ms")
            if let loadStart, let loadEnd = load?.usage {
                let busy = Double(loadEnd.cpu - loadStart.cpu) / Double(max(1, loadEnd.wall - loadStart.wall))
                print(String(format: "        busy thread ran %.0f%% of the time", busy * 100))
            }
        }
    }
}

/// Per-cycle samples of one side.
struct ScanSamples {
    var lateness: Percentiles
    var execution: Percentiles
    var cycles: Int
    var overruns: UInt64
    /// Page faults and preemptions of the measured thread over the measured cycles.
    var threadUsage: ThreadUsage

    func row(period: Int, side: String) -> String {
        String(format: "%4d ms  %-12@  %7d  %11.1f  %11.1f  %11.1f  %11.1f  %11.1f  %8llu", period, side as NSString,
               cycles, lateness.p50, lateness.p99, lateness.max, execution.p50, execution.p99, overruns)
    }
}

/// p50/p99/max of nanosecond samples, in microseconds.
struct Percentiles {
    var p50: Double
    var p99: Double
    var max: Double
    /// The three latest samples as (cycle index, µs): where in the run the tail sits.
    var worst: [(index: Int, micros: Double)]

    init(_ nanoseconds: [UInt64]) {
        worst = nanoseconds.enumerated().sorted { $0.element > $1.element }.prefix(3).map { ($0.offset, Double($0.element) / 1000) }
        let sorted = nanoseconds.sorted()
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[Swift.min(sorted.count - 1, Int(fraction * Double(sorted.count)))]) / 1000
        }
        p50 = at(0.5)
        p99 = at(0.99)
        max = Double(sorted.last ?? 0) / 1000
    }
}

/// The floor: a thread sleeping to absolute deadlines and doing nothing else.
enum BareLoop {
    static func run(period: Duration, seconds: Double, realtime: Bool) -> ScanSamples {
        let result = Mutex<([UInt64], ThreadUsage)>(([], ThreadUsage()))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if realtime { _ = RealtimeShim.apply() }
            let clock = SystemMonotonicClock()
            let count = Int(seconds / period.seconds)
            var samples: [UInt64] = []
            samples.reserveCapacity(count)
            var deadline = clock.now + period
            let before = ThreadUsage.current()
            for _ in 0..<count {
                clock.sleep(until: deadline)
                samples.append(clock.now.nanoseconds &- deadline.nanoseconds)
                deadline = deadline + period
            }
            let usage = ThreadUsage.current() - before
            result.withLock { $0 = (samples, usage) }
            done.signal()
        }
        thread.start()
        done.wait()
        let (samples, usage) = result.withLock { $0 }
        // A bare wake-up later than a period would have been an overrun of a scan that takes no time.
        let late = samples.filter { $0 > UInt64(period.nanosecondsClamped) }.count
        return ScanSamples(lateness: Percentiles(samples), execution: Percentiles([0]), cycles: samples.count,
                           overruns: UInt64(late), threadUsage: usage)
    }
}

/// Collects per-cycle samples on the scan thread into preallocated storage.
final class CycleRecorder: Sendable {
    private let state: Mutex<(late: [UInt64], exec: [UInt64], first: ThreadUsage?, usage: ThreadUsage)>
    private let full = DispatchSemaphore(value: 0)
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        var late: [UInt64] = []
        var exec: [UInt64] = []
        late.reserveCapacity(capacity)
        exec.reserveCapacity(capacity)
        state = Mutex((late, exec, nil, ThreadUsage()))
    }

    func record(_ lateness: Duration, _ execution: Duration) {
        let reached = state.withLock { state -> Bool in
            guard state.late.count < capacity else { return false }
            state.late.append(UInt64(lateness.nanosecondsClamped))
            state.exec.append(UInt64(execution.nanosecondsClamped))
            // Faults and preemptions between the first and the last recorded scan.
            if state.first == nil { state.first = ThreadUsage.current() }
            if state.late.count == capacity, let first = state.first { state.usage = ThreadUsage.current() - first }
            return state.late.count == capacity
        }
        if reached { full.signal() }
    }

    func wait(for count: Int) { full.wait() }

    var samples: ([UInt64], [UInt64]) { state.withLock { ($0.late, $0.exec) } }

    var usage: ThreadUsage { state.withLock { $0.usage } }
}

/// A thread that spins until stopped: the "other core busy" of the benchmark.
final class BusyThread: Sendable {
    private let running = Atomic<Bool>(true)
    /// The thread's CPU time, refreshed every few million iterations, to show it really ran.
    private let cpu = Atomic<UInt64>(0)

    init() {
        let thread = Thread { [self] in
            var x: UInt64 = 1
            var spins: UInt32 = 0
            while running.load(ordering: .relaxed) {
                x = x &* 6364136223846793005 &+ 1
                spins &+= 1
                if spins & 0xF_FFFF == 0 { cpu.store(ThreadUsage.cpuNanoseconds(), ordering: .relaxed) }
            }
            _ = x
        }
        thread.start()
    }

    /// CPU and wall time so far, in nanoseconds: their ratio is the share of a core it got.
    var usage: (cpu: UInt64, wall: UInt64) { (cpu.load(ordering: .relaxed), SystemMonotonicClock().now.nanoseconds) }

    func stop() { running.store(false, ordering: .relaxed) }
}
