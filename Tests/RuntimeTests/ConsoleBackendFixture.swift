import Config
import Console
import FieldIO
import Foundation
import HAL
import Logging
import Runtime
import Synchronization
import Testing

/// A pH probe (`ph1`, Aqualabo PHEHT profile, a calibrated instrument) feeding pH loop `ph1` (acid
/// on relay 1 of `io1`), and a DO probe (`do1`) not in any loop, loaded from the shipped profiles;
/// a console backend over them. A scan thread answers commands at once without moving the manual
/// clock; the test writes raw readings into the point image and moves time itself.
final class ConsoleBackendFixture {
    let clock = ManualClock()
    let image = PointImage()
    let unit: UnitConfig
    let engine: ScanEngine<UnitProgram>
    let backend: UnitConsoleBackend
    private let running = RunFlag()
    private let stopped = DispatchSemaphore(value: 0)
    static let alice = ConsoleUser(name: "alice", role: .technician)
    static let tom = ConsoleUser(name: "tom", role: .technician)
    static let erik = ConsoleUser(name: "erik", role: .engineer)

    init() throws {
        let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Boards").path
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("floc-cal-\(UUID().uuidString.prefix(8)).toml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        [unit]
        name = "cal"
        board = "simulator"
        [buses.plant]
        type = "tcp"
        host = "127.0.0.1"
        port = 1502
        [devices.ph1]
        profile = "aqualabo-pheht"
        bus = "plant"
        address = 20
        [devices.io1]
        profile = "waveshare-modbus-rtu-relay-d"
        bus = "plant"
        address = 2
        [devices.do1]
        profile = "aqualabo-optod"
        bus = "plant"
        address = 10
        [loops.ph1]
        type = "ph"
        ph = "ph1.ph"
        setpoint = 7.2
        [loops.ph1.pid]
        ti_s = 300
        [loops.ph1.acid]
        output = "io1.relay1"
        cycle_s = 30
        capacity_lph = 6
        [instruments."ph1.ph"]
        calibration = "ph"
        temperature = "ph1.temperature"
        """.write(to: file, atomically: true, encoding: .utf8)
        unit = try ConfigLoader.loadUnit(at: file.path, boardsDirectory: boards)
        engine = ScanEngine(program: try UnitProgram(control: unit.control), period: .seconds(1), image: image, clock: clock,
                            logger: Logger(label: "floc.test"))
        backend = UnitConsoleBackend(unit: unit, image: image, clock: clock, engine: engine, pollers: [], commandTimeout: 5)
        set("ph1.ph", 7.1)
        let thread = Thread { [engine, running, stopped, clock] in
            while running.isSet {
                engine.runCycle(deadline: clock.now)
                usleep(1000)
            }
            stopped.signal()
        }
        thread.start()
        #expect(PeerlessWait.until { self.engine.snapshots.value?.program.inputs.contains { $0.key == "ph1.ph" && $0.value == 7.1 } == true })
    }

    deinit {
        running.clear()
        stopped.wait()
    }

    /// Writes a reading into the image, as the bus poller would, at the present time.
    func set(_ key: String, _ value: Double) {
        image.update([key: PointSample(value: value, quality: .good, time: clock.now)])
    }

    /// Submits a command as the console would, and waits for the scan's answer.
    func command(_ command: UnitCommand) -> CommandResult? {
        engine.commands.submit(command, from: CommandSource(name: "console:alice", role: .technician)).wait(timeout: 5)
    }

    /// Polls a calibration point's task once a second, with `raw` (and `temperature`) fresh in the
    /// image each time, until it ends or `limit` polls pass; returns the progress lines and the end.
    func measure(_ reply: ConsoleReply, raw key: String, _ raw: @escaping (Int) -> Double,
                 temperature: (key: String, value: Double)? = nil, limit: Int = 400) -> (waiting: [String], end: ConsoleReply?) {
        guard case .pending(let work) = reply else { return ([], reply) }
        var waiting: [String] = []
        for poll in 0..<limit {
            set(key, raw(poll))
            if let temperature { set(temperature.key, temperature.value) }
            switch work.task.poll() {
            case .waiting(let line): waiting.append(line)
            case .finished(let end): return (waiting, end)
            }
            clock.advance(by: .seconds(1))
        }
        return (waiting, nil)
    }
}

/// A flag the scan thread reads and the fixture clears.
final class RunFlag: Sendable {
    private let value = Atomic<Bool>(true)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func clear() { value.store(false, ordering: .releasing) }
}

/// Real-time waiting for a background thread's effect, bounded (5 s).
enum PeerlessWait {
    static func until(_ condition: () -> Bool) -> Bool {
        for _ in 0..<5000 {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }
}
