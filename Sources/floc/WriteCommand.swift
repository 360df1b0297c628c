import ArgumentParser
import Config
import FieldIO
import HAL
import HALLinux

/// `floc write`: write one point of one device, then read it back.
struct WriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write one point (engineering units) and read it back.",
        discussion: """
        Without --yes, prints what it would write and exits 2: a write moves real equipment. \
        Exits 1 for a read-only point, a value the point's type cannot hold, or a device error.
        """
    )

    @OptionGroup var options: UnitOptions

    @Argument(help: ArgumentHelp("The point, as <device>.<point>.", valueName: "device.point"))
    var target: String

    @Argument(help: "The value in engineering units (true/false for bits).")
    var value: String

    @Flag(help: "Really write.")
    var yes = false

    func run() throws {
        let logger = options.bootstrapLogging()
        let unit = try options.load()
        let (device, spec) = try resolve(unit)
        let number = try parseValue()
        guard let bus = unit.bus(named: device.bus) else { throw fail("device \(device.name) has no bus") }
        // Encoding first: a value the type cannot hold is refused before anything is sent.
        let words: [UInt16]
        do {
            words = spec.table.isBit ? [try RegisterCodec.encodeBit(number, spec: spec) ? 1 : 0]
                : try RegisterCodec.encode(number, spec: spec)
        } catch {
            throw fail("cannot write \(value) to \(target): \(error)")
        }
        let place = "\(spec.table.rawValue) \(spec.address) \(spec.type.rawValue), unit \(device.address) on \(bus.name)"
        guard yes else {
            print("would write \(value)\(spec.unit.isEmpty ? "" : " " + spec.unit) to \(target) (\(place)), registers "
                + words.map { "\($0)" }.joined(separator: " ") + "; add --yes to write")
            throw ExitCode(2)
        }
        let link: LibmodbusLink
        do {
            link = try LinkFactory.link(for: bus, board: unit.board)
            try link.connect()
        } catch {
            throw fail("\(error)")
        }
        defer { link.close() }
        var probe = DeviceProbe(link: link, device: device, clock: SystemMonotonicClock(), logger: logger)
        let result: WriteResult
        do {
            result = try probe.writePoint(spec.name, value: number)
        } catch {
            throw fail("write \(target) failed: \(error)")
        }
        let readBack = result.readBack.map(PointFormat.number) ?? "nothing"
        print("wrote \(PointFormat.number(result.written)) to \(target) (\(place)); read back \(readBack)"
            + (spec.unit.isEmpty ? "" : " " + spec.unit))
        if !result.verified {
            throw fail("\(target): read back \(readBack), not the \(PointFormat.number(result.written)) written")
        }
    }

    private func resolve(_ unit: UnitConfig) throws -> (DeviceConfig, PointSpec) {
        guard let dot = target.firstIndex(of: "."), dot != target.startIndex else {
            throw fail("'\(target)' is not <device>.<point>")
        }
        let device = try UnitLookup.devices(unit, named: String(target[..<dot]))[0]
        let pointName = String(target[target.index(after: dot)...])
        guard let spec = device.profile.point(named: pointName) else {
            throw fail("device \(device.name) (\(device.profile.id)) has no point '\(pointName)'; its points: "
                + device.profile.points.map(\.name).joined(separator: ", "))
        }
        guard spec.access.canWrite, spec.table.isWritable else {
            let writable = device.profile.points.filter { $0.access.canWrite }.map(\.name)
            throw fail("\(target) is read-only (\(spec.access.rawValue), \(spec.table.rawValue)); writable points of "
                + "\(device.name): \(writable.isEmpty ? "none" : writable.joined(separator: ", "))")
        }
        return (device, spec)
    }

    private func parseValue() throws -> Double {
        switch value.lowercased() {
        case "true", "on": return 1
        case "false", "off": return 0
        default:
            guard let number = Double(value), number.isFinite else { throw fail("'\(value)' is not a number") }
            return number
        }
    }
}
