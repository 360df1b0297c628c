import CommandLineSupport
import ArgumentParser
import Config
import Dispatch
import FieldIO
import Foundation
import HAL
import HALLinux
import Logging
import Runtime

/// `floc run`: poll every bus and hold the GPIO points, run the unit's control loops on the
/// scan thread, printing a status table, until SIGINT/SIGTERM or `--duration`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll the unit's devices and GPIO, run its control loops and print their status.",
        discussion: """
        One polling thread per bus, one for GPIO (debounced inputs; outputs at their initial level). When the unit has \
        [loops], [alarms] or [interlocks], a scan thread runs them every unit.scan_period_ms; outputs start at their \
        safe values. On SIGINT, SIGTERM or the end of --duration the scan stops, every output is written its safe \
        value (the pollers get up to 2 s), the pollers stop, GPIO outputs go to their safe level and are released, \
        and floc exits 0. The technician's console is served on a Unix socket (`floc console` attaches to it) and, \
        with --console-tty, on the board's console UART; see docs/console.md.
        """
    )

    @OptionGroup var options: UnitOptions

    @Option(help: "Stop after this many seconds (default: run until SIGINT/SIGTERM).")
    var duration: Double?

    @Option(name: .customLong("status-every"), help: "Print the status table every this many seconds.")
    var statusEvery: Double = 5

    @OptionGroup var console: ConsoleOptions

    @Flag(help: "Run the scan thread SCHED_FIFO with locked memory (a warning is printed when the kernel refuses).")
    var realtime = false

    @Flag(name: .customLong("hardware-watchdog"), help: "Arm the board's watchdog ([watchdog] in the board file), fed only while scans complete.")
    var hardwareWatchdog = false

    @Option(name: .customLong("watchdog-timeout"), help: "Hardware watchdog timeout in seconds, clamped to the board's maximum.")
    var watchdogTimeout: Int = 10

    @Flag(name: .customLong("clear-restart-guard"), help: "Forget the start history of the restart-loop guard and start normally.")
    var clearRestartGuard = false

    @Option(name: .customLong("status-file"), help: "Where to write the status for `floc status`, once a second (default: /run/floc/floc-status.json when writable, else the runtime or temporary folder).")
    var statusFile: String?

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        guard statusEvery >= 0.1 else { throw ValidationError("--status-every must be at least 0.1") }
    }

    func run() throws {
        let logger = options.bootstrapLogging()
        let unit = try options.load()
        let gpio: GPIOPoints
        do {
            gpio = try GPIOPoints.request(unit)
        } catch {
            throw fail("\(error)")
        }
        let clock = SystemMonotonicClock()
        let systemAlarms = SystemAlarms.standard(buses: unit.buses.map(\.name))
        let state = RetainedStateService(unit: unit, clearRestartGuard: clearRestartGuard, systemAlarms: systemAlarms,
                                         clock: clock, logger: logger)
        let image = PointImage()
        let gpioPoller = GPIOPoller(points: gpio.points.map(\.config),
                                    lines: Dictionary(uniqueKeysWithValues: gpio.points.map { ($0.config.name, $0.line as any DigitalLine) }),
                                    image: image, clock: clock, logger: logger)
        // Stopping the GPIO poller drives outputs safe and releases the lines.
        defer { gpioPoller.stop() }
        var pollers: [BusPoller] = []
        for bus in unit.buses {
            let devices = unit.devices(on: bus.name)
            guard !devices.isEmpty else { continue }
            let link: LibmodbusLink
            do { link = try LinkFactory.link(for: bus, board: unit.board) } catch { throw fail("\(error)") }
            pollers.append(BusPoller(bus: bus.name, link: link, devices: devices, image: image, clock: clock, logger: logger))
        }
        let control: UnitControl?
        do { control = try UnitControl(unit: unit, image: image, clock: clock, logger: logger,
                                       monitoringOnly: state.monitoringOnly, start: state.plan, systemAlarms: systemAlarms) } catch { throw fail("control: \(error)") }
        var telemetry: TelemetryService?
        do { telemetry = try TelemetryService(unit: unit, image: image, clock: clock, engine: control?.engine, logger: logger) } catch { throw fail("uplinks: \(error)") }
        let historian = HistorianService(unit: unit, image: image, loops: { control?.snapshot?.program.loops ?? [] },
                                         clock: clock, systemAlarms: systemAlarms, logger: logger)
        let stop = TerminationSignals(reload: true)
        for poller in pollers { poller.start() }
        if !gpio.points.isEmpty { gpioPoller.start() }
        let lateness = LatenessWindow()
        control?.engine.cycleObserver = { late, _ in lateness.record(late) }
        if let control { state.restore(into: control) }
        control?.start(realtime: realtime)
        state.start()
        telemetry?.start()
        historian?.start()
        let busWatch = BusStallMonitor(unit: unit, pollers: pollers, control: control, systemAlarms: systemAlarms, clock: clock,
                                       logger: logger)
        busWatch.start()
        let statusWriter = StatusWriter(path: statusFile ?? StatusWriter.defaultPath(), logger: logger) {
            StatusDocument.make(unit: unit, image: image, clock: clock, scan: control?.snapshot,
                                period: unit.scanPeriod, lateness: lateness)
        }
        statusWriter.start()
        defer { statusWriter.stop() }
        var watchdog: LinuxWatchdog?
        if hardwareWatchdog {
            guard let board = unit.board.watchdog else { throw fail("--hardware-watchdog: board \(unit.board.id) has no [watchdog]") }
            do {
                let armed = try LinuxWatchdog(device: board.device, requestedTimeout: watchdogTimeout,
                                              boardMaximum: Int(board.maxTimeout))
                if let warning = armed.clampWarning { logger.warning("\(warning)") }
                watchdog = armed
            } catch {
                throw fail("\(error)")
            }
        }
        let supervisor = Supervisor(notifier: SystemdNotifier(environment: ProcessInfo.processInfo.environment),
                                    watchdog: watchdog, logger: logger, systemAlarms: systemAlarms,
                                    onStall: { control?.driveSafeAfterStall() }) {
            control.map { $0.snapshot?.statistics ?? ScanStatistics() }
        }
        supervisor.start(status: "unit \(unit.name): \(pollers.count) buses, \(unit.control.loops.count) loops")
        defer { supervisor.stop() }
        if realtime, control == nil { logger.warning("--realtime: the unit has no control sections, no scan thread to make real-time") }
        logger.info("running", metadata: ["unit": "\(unit.name)", "buses": "\(pollers.count)", "gpio": "\(gpio.points.count)",
                                          "loops": "\(unit.control.loops.count)"])
        var consoleService = console.start(unit: unit, image: image, clock: clock, engine: control?.engine,
                                           pollers: pollers, logger: logger)
        let status = StatusReport(unit: unit, image: image, clock: clock)
        let start = clock.now
        let end = duration.map { start + .nanoseconds(Int64($0 * 1e9)) }
        var nextStatus = start + .nanoseconds(Int64(statusEvery * 1e9))
        var reason = "end of --duration"
        var running = unit
        while true {
            let wake = min(nextStatus, end ?? nextStatus)
            if let signal = stop.wait(seconds: (wake - clock.now).seconds) {
                if signal == "SIGHUP" {
                    let reloaded = ConfigReload(options: options, logger: logger).apply(running: running, control: control, state: state)
                    // The console talks to the scan engine; a rebuilt program has a new one.
                    if reloaded.control != running.control, consoleService != nil {
                        consoleService?.stop()
                        consoleService = console.start(unit: reloaded, image: image, clock: clock, engine: control?.engine,
                                                       pollers: pollers, logger: logger)
                    }
                    // The uplinks read the scan's snapshots and send it commands: a rebuilt program, or changed
                    // uplinks, restart them (Sparkplug: NDEATH, then new births with the new metrics).
                    if reloaded.control != running.control || reloaded.uplinks != running.uplinks {
                        telemetry?.stop()
                        do {
                            telemetry = try TelemetryService(unit: reloaded, image: image, clock: clock, engine: control?.engine, logger: logger)
                            telemetry?.start()
                        } catch {
                            telemetry = nil
                            logger.error("uplinks not restarted after the reload: \(error)")
                        }
                    }
                    running = reloaded
                    continue
                }
                reason = signal
                break
            }
            if let end, clock.now >= end { break }
            if clock.now >= nextStatus {
                print(status.render(pollers: pollers) + (control?.render() ?? ""))
                nextStatus = nextStatus + .nanoseconds(Int64(statusEvery * 1e9))
            }
        }
        consoleService?.stop()
        telemetry?.stop()
        historian?.stop()
        supervisor.stop()
        busWatch.stop()
        control?.stopAndDriveSafe(pollers: pollers, timeout: 2, logger: logger)
        state.stop()
        for poller in pollers { poller.stop() }
        print(status.render(pollers: pollers) + (control?.render() ?? ""))
        logger.info("stopped", metadata: ["reason": "\(reason)"])
    }
}
