import FieldIO
import HAL
import Logging
@testable import Runtime
import Testing

/// A program with one setpoint: output = setpoint * input, commands set the setpoint.
final class GainProgram: ScanProgram {
    enum Command: Sendable { case setGain(Double) }
    var gain = 1.0
    var scans: [(time: MonotonicInstant, dt: Double)] = []
    /// Simulated execution time: the program advances the manual clock by this much.
    var workload: Duration = .zero
    let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    func apply(_ command: Command, from source: CommandSource) -> CommandResult {
        switch command {
        case .setGain(let value):
            guard source.role >= .operator_ else { return .rejected("\(source) may not change the gain") }
            guard (0...10).contains(value) else { return .rejected("gain \(value) out of range 0...10") }
            gain = value
            return .accepted("gain \(value)")
        }
    }

    let inputKeys = ["do.oxygen"]
    let outputGuards = [OutputGuard(key: "vfd.speed", safe: 0, maxAge: .seconds(1))]

    func scan(_ frame: inout ScanFrame, time: MonotonicInstant, dt: Double) {
        scans.append((time, dt))
        clock.advance(by: workload)
        frame.outputs[0] = gain * (frame.inputs[0].value.isFinite ? frame.inputs[0].value : 0)
    }

    func snapshot() -> Double { gain }
}

@Suite struct ScanEngineTests {
    let clock = ManualClock()
    let image = PointImage()
    let logger = Logger(label: "floc.runtime.test")

    func engine(_ program: GainProgram, period: Duration = .milliseconds(100)) -> ScanEngine<GainProgram> {
        ScanEngine(program: program, period: period, image: image, clock: clock, logger: logger, commandCapacity: 2)
    }

    @Test func commandsAreAppliedAtTheStartOfTheScanAndAnswered() {
        let program = GainProgram(clock: clock)
        let scan = engine(program)
        image.update(["do.oxygen": PointSample(value: 2, quality: .good, time: .zero)])
        let accepted = scan.commands.submit(.setGain(3), from: CommandSource(name: "console:ana", role: .operator_))
        let refused = scan.commands.submit(.setGain(3), from: CommandSource(name: "console:guest", role: .viewer))
        #expect(accepted.result == nil, "nothing is applied outside the scan")
        scan.runCycle(deadline: clock.now)
        #expect(accepted.result == .accepted("gain 3.0"))
        #expect(refused.result == .rejected("console:guest may not change the gain"))
        #expect(image.desired("vfd.speed") == 6, "the output used the new gain in the same scan")
        #expect(scan.snapshots.value?.program == 3)
        #expect(scan.snapshots.value?.cycle == 1)
    }

    @Test func aFullQueueRefusesInsteadOfGrowing() {
        let scan = engine(GainProgram(clock: clock))
        let source = CommandSource(name: "mqtt", role: .operator_)
        _ = scan.commands.submit(.setGain(1), from: source)
        _ = scan.commands.submit(.setGain(2), from: source)
        let third = scan.commands.submit(.setGain(4), from: source)
        #expect(third.result == .rejected("command queue full (2); try again"))
    }

    @Test func dtAndLatenessComeFromTheClock() {
        let program = GainProgram(clock: clock)
        let scan = engine(program)
        scan.runCycle(deadline: clock.now)
        clock.advance(by: .milliseconds(130))
        scan.runCycle(deadline: clock.now + .milliseconds(-30))
        #expect(program.scans.map(\.dt) == [0.1, 0.13])
        #expect(scan.statistics.maxLateness == .milliseconds(30))
        #expect(scan.statistics.cycles == 2)
    }

    @Test func anOverrunSkipsMissedDeadlinesInsteadOfBunchingScans() {
        let program = GainProgram(clock: clock)
        let scan = engine(program)
        let first = clock.now
        program.workload = .milliseconds(250)   // 2.5 periods
        scan.runCycle(deadline: first)
        let next = scan.nextDeadline(after: first)
        #expect(next == first + .milliseconds(300), "the next deadline still ahead, on the original grid")
        #expect(scan.statistics.overruns == 0, "statistics are published at the next scan")
        program.workload = .zero
        clock.sleep(until: next)
        scan.runCycle(deadline: next)
        #expect(scan.statistics.overruns == 1)
        #expect(scan.statistics.skipped == 2)
        #expect(scan.statistics.maxExecution == .milliseconds(250))
        #expect(scan.statistics.minExecution == .zero)
    }

    @Test func theThreadScansOnTheGridUntilStopped() {
        let program = GainProgram(clock: clock)
        let scan = engine(program)
        scan.start()
        // The manual clock jumps to each deadline, so the thread runs as fast as it can.
        var spins = 0
        while (scan.snapshots.value?.cycle ?? 0) < 20 && spins < 10_000_000 { spins += 1 }
        scan.stop()
        let times = program.scans.map(\.time.nanoseconds)
        #expect(times.count >= 20)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 100_000_000 }, "absolute deadlines: no drift")
    }
}

