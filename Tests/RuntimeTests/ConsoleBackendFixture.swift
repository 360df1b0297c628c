import Config
import Console
import FieldIO
import Foundation
import HAL
import Logging
import Runtime

/// A pH probe (`ph1`, Aqualabo PHEHT profile) feeding pH loop `ph1` (acid on relay 1 of `io1`), and a DO probe (`do1`) not in
/// any loop, loaded from the shipped profiles; a console backend over them on a manual clock. The
/// test writes the raw readings into the point image and runs scans by hand.
final class ConsoleBackendFixture {
    let clock = ManualClock()
    let image = PointImage()
    let unit: UnitConfig
    let engine: ScanEngine<UnitProgram>
    let backend: UnitConsoleBackend
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
        """.write(to: file, atomically: true, encoding: .utf8)
        unit = try ConfigLoader.loadUnit(at: file.path, boardsDirectory: boards)
        engine = ScanEngine(program: try UnitProgram(control: unit.control), period: .seconds(1), image: image, clock: clock,
                            logger: Logger(label: "floc.test"))
        backend = UnitConsoleBackend(unit: unit, image: image, clock: clock, engine: engine, pollers: [])
        engine.runCycle(deadline: clock.now)
    }

    /// Writes a reading into the image, as the bus poller would, at the present time.
    func set(_ key: String, _ value: Double) {
        image.update([key: PointSample(value: value, quality: .good, time: clock.now)])
    }

    /// Submits a command as the scan would take it from any source, and runs that scan.
    func command(_ command: UnitCommand) -> CommandResult? {
        let ticket = engine.commands.submit(command, from: CommandSource(name: "console:alice", role: .technician))
        clock.advance(by: .seconds(1))
        engine.runCycle(deadline: clock.now)
        return ticket.result
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
