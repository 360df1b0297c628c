import ArgumentParser
import Control
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Synchronization

/// `floc-bench scan`: wake-up lateness and cycle time of Floc's scan engine running 64
/// points through 64 PID blocks, side by side with a bare absolute-deadline sleep loop (the
/// floor on this kernel), at each period, while a busy thread keeps the other core loaded.
struct ScanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan timing (64 points) against a bare clock_nanosleep(TIMER_ABSTIME) loop."
    )

    @Option(help: "Measured seconds per side and period (1...600).")
    var seconds: Double = 60

    @Option(help: "Scan periods in ms, comma separated.")
    var periods: String = "100,10"

    @Flag(help: "Do not load the other core.")
    var noLoad = false

    @Flag(help: "Ask for SCHED_FIFO and mlockall on the measured threads (needs privileges).")
    var realtime = false

    func validate() throws {
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be 1...600") }
        guard !parsedPeriods.isEmpty, parsedPeriods.allSatisfy({ (10...10_000).contains($0) }) else {
            throw ValidationError("--periods must be ms values in 10...10000")
        }
    }

    var parsedPeriods: [Int] { periods.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let load = noLoad ? nil : BusyThread()
        defer { load?.stop() }
        print("floc-bench scan: 64 points, 64 PID blocks; \(PointFormatting.number(seconds)) s per side and period; "
            + (noLoad ? "no load" : "one busy thread loading the other core") + (realtime ? "; SCHED_FIFO requested" : ""))
        print("period  side           cycles  late p50 µs  late p99 µs  late max µs  exec p50 µs  exec p99 µs  overruns")
        for period in parsedPeriods {
            let bare = BareLoop.run(period: .milliseconds(period), seconds: seconds, realtime: realtime)
            let scan = try ScanLoop.run(period: .milliseconds(period), seconds: seconds, realtime: realtime)
            print(bare.row(period: period, side: "bare sleep"))
            print(scan.row(period: period, side: "Floc scan"))
            print(String(format: "        p99 lateness Floc/bare: %.2fx (target <= 1.5x); overruns at %d ms: %d",
                         scan.lateness.p99 / max(bare.lateness.p99, 0.001), period, scan.overruns))
        }
    }
}

/// Per-cycle samples of one side.
struct ScanSamples {
    var lateness: Percentiles
    var execution: Percentiles
    var cycles: Int
    var overruns: UInt64

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

    init(_ nanoseconds: [UInt64]) {
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
        let result = Mutex<[UInt64]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if realtime { _ = RealtimeShim.apply() }
            let clock = SystemMonotonicClock()
            let count = Int(seconds / period.seconds)
            var samples: [UInt64] = []
            samples.reserveCapacity(count)
            var deadline = clock.now + period
            for _ in 0..<count {
                clock.sleep(until: deadline)
                samples.append(clock.now.nanoseconds &- deadline.nanoseconds)
                deadline = deadline + period
            }
            result.withLock { $0 = samples }
            done.signal()
        }
        thread.start()
        done.wait()
        let samples = result.withLock { $0 }
        return ScanSamples(lateness: Percentiles(samples), execution: Percentiles([0]), cycles: samples.count, overruns: 0)
    }
}

/// Floc's scan engine with a 64-point, 64-PID program.
enum ScanLoop {
    static func run(period: Duration, seconds: Double, realtime: Bool) throws -> ScanSamples {
        let image = PointImage()
        let clock = SystemMonotonicClock()
        let keys = (0..<64).map { "dev\($0 / 8).p\($0 % 8)" }
        for key in keys {
            image.register(key, staleAfter: .seconds(3600), at: clock.now)
            image.update([key: PointSample(value: 1.5, quality: .good, time: clock.now)])
        }
        let program = try PIDBankProgram(keys: keys)
        var logger = Logger(label: "floc-bench.scan")
        logger.logLevel = .error
        let engine = ScanEngine(program: program, period: period, image: image, clock: clock, logger: logger)
        let count = Int(seconds / period.seconds)
        let recorder = CycleRecorder(capacity: count)
        engine.cycleObserver = { lateness, execution in recorder.record(lateness, execution) }
        let setup: (@Sendable () -> String?)? = realtime ? { @Sendable in RealtimeShim.apply() } : nil
        engine.start(threadSetup: setup)
        recorder.wait(for: count)
        engine.stop()
        let (late, exec) = recorder.samples
        return ScanSamples(lateness: Percentiles(late), execution: Percentiles(exec), cycles: late.count,
                           overruns: engine.statistics.overruns)
    }
}

/// 64 PID blocks, one per point, writing 64 outputs: the shape of a unit's scan.
final class PIDBankProgram: ScanProgram {
    var controllers: [PIDController]
    let keys: [String]
    let outputs: [String]

    init(keys: [String]) throws {
        self.keys = keys
        outputs = keys.map { $0 + ".out" }
        let parameters = PIDParameters(gains: PIDGains(gain: 20, integralTime: 120))
        controllers = Array(repeating: try PIDController(parameters: parameters), count: keys.count)
    }

    struct NoCommand: Sendable {}

    func apply(_ command: NoCommand, from source: CommandSource) -> CommandResult {
        .rejected("the benchmark program takes no commands")
    }

    func scan(inputs: [String: PointSample], time: MonotonicInstant, dt: Double) -> [String: Double] {
        var result: [String: Double] = [:]
        result.reserveCapacity(keys.count)
        for index in keys.indices {
            let pv = inputs[keys[index]]?.controlSample ?? Sample(value: .nan, quality: .bad, time: 0)
            let info = controllers[index].update(setpoint: 2, pv: pv, dt: dt)
            result[outputs[index]] = info.output
        }
        return result
    }

    func snapshot() -> Int { controllers.count }
}

/// Collects per-cycle samples on the scan thread into preallocated storage.
final class CycleRecorder: Sendable {
    private let state: Mutex<(late: [UInt64], exec: [UInt64])>
    private let full = DispatchSemaphore(value: 0)
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        var late: [UInt64] = []
        var exec: [UInt64] = []
        late.reserveCapacity(capacity)
        exec.reserveCapacity(capacity)
        state = Mutex((late, exec))
    }

    func record(_ lateness: Duration, _ execution: Duration) {
        let reached = state.withLock { state -> Bool in
            guard state.late.count < capacity else { return false }
            state.late.append(UInt64(lateness.nanosecondsClamped))
            state.exec.append(UInt64(execution.nanosecondsClamped))
            return state.late.count == capacity
        }
        if reached { full.signal() }
    }

    func wait(for count: Int) { full.wait() }

    var samples: ([UInt64], [UInt64]) { state.withLock { ($0.late, $0.exec) } }
}

/// A thread that spins until stopped: the "other core busy" of the benchmark.
final class BusyThread: Sendable {
    private let running = Atomic<Bool>(true)

    init() {
        let thread = Thread { [self] in
            var x: UInt64 = 1
            while running.load(ordering: .relaxed) { x = x &* 6364136223846793005 &+ 1 }
            _ = x
        }
        thread.start()
    }

    func stop() { running.store(false, ordering: .relaxed) }
}
