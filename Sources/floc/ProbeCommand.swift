import ArgumentParser
import Config
import FieldIO
import HAL
import HALLinux
import Logging

/// `floc probe`: read every point of one device, or of all, once over the real links.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Read every point of a device (or of all devices) once and print the values.",
        discussion: "Exits 0 when every device probed answered, 1 otherwise."
    )

    @OptionGroup var options: UnitOptions

    @Argument(help: "The device to read (default: every device of the unit).")
    var device: String?

    func run() throws {
        let logger = options.bootstrapLogging()
        let unit = try options.load()
        let devices = try UnitLookup.devices(unit, named: device)
        let clock = SystemMonotonicClock()
        var table = TextTable("point", "value", "unit", "quality")
        var summaries: [String] = []
        var allAnswered = true
        for bus in unit.buses {
            let onBus = devices.filter { $0.bus == bus.name }
            guard !onBus.isEmpty else { continue }
            let link: LibmodbusLink
            do {
                link = try LinkFactory.link(for: bus, board: unit.board)
                try link.connect()
            } catch {
                allAnswered = false
                for device in onBus {
                    for spec in device.profile.points where spec.access.canRead {
                        table.add(["\(device.name).\(spec.name)", "-", spec.unit, "comm-fail"])
                    }
                    summaries.append("\(device.name): no link (\(error))")
                }
                continue
            }
            defer { link.close() }
            for device in onBus {
                let failuresBefore = link.failureCount
                var probe = DeviceProbe(link: link, device: device, clock: clock, logger: logger)
                // Profile order, not request order: the table reads like the profile file.
                let order = Dictionary(uniqueKeysWithValues: device.profile.points.enumerated().map { ($1.name, $0) })
                let results = probe.readAll().sorted { order[$0.0.name, default: 0] < order[$1.0.name, default: 0] }
                for (spec, sample) in results {
                    table.add(["\(device.name).\(spec.name)", PointFormat.value(sample, spec: spec), spec.unit,
                               sample.quality.description])
                }
                let errors = link.failureCount - failuresBefore
                let answered = !results.contains { $0.1.quality == .commFail || $0.1.quality == .badFrame }
                if !answered { allAnswered = false }
                summaries.append("\(device.name) (\(device.profile.id), unit \(device.address) on \(bus.name)): "
                    + "\(probe.requestsSent) request\(probe.requestsSent == 1 ? "" : "s"), "
                    + "\(errors) error\(errors == 1 ? "" : "s")\(answered ? "" : ", not answering")")
            }
        }
        print(table.rendered)
        print("")
        for line in summaries { print(line) }
        if !allAnswered { throw ExitCode.failure }
    }
}

/// Finding devices and points of a unit by name, with errors that list what exists.
enum UnitLookup {
    static func devices(_ unit: UnitConfig, named name: String?) throws -> [DeviceConfig] {
        guard let name else { return unit.devices }
        guard let device = unit.device(named: name) else {
            throw fail("unit \(unit.name) has no device '\(name)'; its devices: "
                + (unit.devices.isEmpty ? "none" : unit.devices.map(\.name).joined(separator: ", ")))
        }
        return [device]
    }
}
