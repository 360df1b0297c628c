import FieldIO
import Foundation
import HAL
import Logging
import Synchronization

/// The fixed-period control scan: a dedicated thread waking on absolute deadlines of the
/// monotonic clock (so the period does not drift), applying queued commands, running the
/// program on the field image, handing outputs to the bus pollers, publishing a snapshot.
///
/// An overrun (a scan ending after the next deadline) is counted and the missed deadlines
/// are skipped, not run back to back: a burst of late scans would only add load when the
/// machine is already behind. `runCycle(deadline:)` is the deterministic core tests step
/// on a `ManualClock`.
public final class ScanEngine<Program: ScanProgram>: @unchecked Sendable {
    // @unchecked: `program` and `previous` are touched only by the scan thread (or a test
    // stepping `runCycle`); everything shared is behind locks or atomics.
    public let period: Duration
    public let commands: CommandQueue<Program.Command>
    public let snapshots: LatestValue<ScanSnapshot<Program.Snapshot>?>
    let program: Program
    let image: PointImage
    let clock: any MonotonicClock
    let logger: Logger
    private var previous: MonotonicInstant?
    /// The program's inputs and outputs, reused every scan.
    private var frame: ScanFrame
    private var inputHandles: [PointHandle?]
    private let outputHandles: [OutputHandle]
    /// The image generation `inputHandles` were resolved at; unresolved ones are looked up
    /// again only when it moves.
    private var resolvedGeneration = -1
    private var stats = ScanStatistics()
    /// Called on the scan thread after every scan with its wake-up lateness and execution
    /// time (benchmarks, diagnostics). Must not block; set before `start()`.
    public var cycleObserver: (@Sendable (_ lateness: Duration, _ execution: Duration) -> Void)?
    /// Called on the scan thread with each scan's frame before its outputs reach the image,
    /// to hold some at their safe values (start-up, monitoring-only, stalled bus) by editing
    /// `frame.outputs`. Must not block; set before `start()`.
    public var outputGate: (@Sendable (inout ScanFrame) -> Void)?
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<DispatchSemaphore?>(nil)

    /// Guards every output of `program` in `image` (its safe value and maximum age; the safe
    /// value is desired until the first scan).
    /// - Parameter period: 10 ms ... 10 s.
    public init(program: Program, period: Duration, image: PointImage, clock: any MonotonicClock,
                logger: Logger, commandCapacity: Int = 256) {
        precondition(period >= .milliseconds(10) && period <= .seconds(10), "scan period out of 10 ms...10 s")
        self.program = program
        self.period = period
        self.image = image
        self.clock = clock
        self.logger = logger
        commands = CommandQueue(capacity: commandCapacity)
        snapshots = LatestValue(nil)
        let guards = program.outputGuards
        frame = ScanFrame(inputKeys: program.inputKeys, outputKeys: guards.map(\.key))
        inputHandles = Array(repeating: nil, count: frame.inputKeys.count)
        let now = clock.now
        outputHandles = guards.map { image.guardOutput($0, at: now) }
    }

    /// Timing so far.
    public var statistics: ScanStatistics { snapshots.value?.statistics ?? ScanStatistics() }

    /// One scan for the deadline `deadline` (its lateness is measured against it).
    public func runCycle(deadline: MonotonicInstant) {
        let start = clock.now
        for envelope in commands.drain() {
            envelope.ticket.fulfil(program.apply(envelope.command, from: envelope.source))
        }
        let dt = previous.map { (start - $0).seconds } ?? period.seconds
        previous = start
        let generation = image.read(inputHandles, into: &frame.inputs, at: start)
        if generation != resolvedGeneration, resolveInputs(generation) {
            image.read(inputHandles, into: &frame.inputs, at: start)
        }
        frame.clearOutputs()
        program.scan(&frame, time: start, dt: dt)
        outputGate?(&frame)
        image.setDesired(outputHandles, values: frame.outputs, at: start)
        let end = clock.now
        let lateness = max(.zero, start - deadline)
        stats.record(execution: end - start, lateness: lateness)
        cycleObserver?(lateness, end - start)
        snapshots.publish(ScanSnapshot(cycle: stats.cycles, time: start, statistics: stats,
                                       program: program.snapshot()))
    }

    /// Looks up input handles not resolved yet (a point registered after the engine was
    /// built), called only when the image gained points since the last look. Returns
    /// whether a handle was found, so the scan reads again.
    private func resolveInputs(_ generation: Int) -> Bool {
        resolvedGeneration = generation
        var found = false
        for index in inputHandles.indices where inputHandles[index] == nil {
            inputHandles[index] = image.handle(frame.inputKeys[index])
            found = found || inputHandles[index] != nil
        }
        return found
    }

    /// Starts the scan thread. `threadSetup` runs first on that thread (real-time
    /// priority, memory locking) and returns a warning to log, if any.
    public func start(threadSetup: (@Sendable () -> String?)? = nil) {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let done = DispatchSemaphore(value: 0)
        finished.withLock { $0 = done }
        let thread = Thread { [self] in
            if let warning = threadSetup?() { logger.warning("\(warning)") }
            var deadline = clock.now + period
            while running.load(ordering: .acquiring) {
                clock.sleep(until: deadline)
                guard running.load(ordering: .acquiring) else { break }
                runCycle(deadline: deadline)
                deadline = nextDeadline(after: deadline)
            }
            done.signal()
        }
        thread.name = "floc-scan"
        thread.start()
    }

    /// Stops after the current scan and waits for the thread.
    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let done = finished.withLock { state in
            defer { state = nil }
            return state
        }
        done?.wait()
    }

    /// The next deadline after a scan for `deadline`: one period on, or, after an overrun,
    /// the first one still ahead (the missed ones are counted and skipped).
    func nextDeadline(after deadline: MonotonicInstant) -> MonotonicInstant {
        var next = deadline + period
        let now = clock.now
        guard now > next else { return next }
        let periodNs = UInt64(period.nanosecondsClamped)
        let missed = (now.nanoseconds - next.nanoseconds) / periodNs + 1
        next = MonotonicInstant(nanoseconds: next.nanoseconds + missed * periodNs)
        stats.overruns += 1
        stats.skipped += missed
        logger.warning("scan overrun: \(missed) deadline(s) skipped (period \(period))")
        return next
    }
}
