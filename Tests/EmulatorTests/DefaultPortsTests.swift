import Emulator
import FlocTestSupport
import Foundation
import Glibc
import Testing

/// The README's first commands with no flags but `--duration`: `floc-sim serve
/// Simulator/plants/container.toml` and `floc run Boards/units/simulator.toml` meet on TCP
/// 127.0.0.1:1502 and the pty /tmp/floc-sim/rs485-0. Skipped, with the reason, when another
/// floc-sim (or anything) holds those.
@Suite("floc-sim and floc on the default ports", .serialized,
       .enabled(if: BuiltBinary.path("floc-sim") != nil && BuiltBinary.path("floc") != nil, "binaries not built"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"),
       .enabled(if: DefaultPorts.busy == nil, "\(DefaultPorts.busy ?? "")"))
struct DefaultPortsTests {
    @Test func theShippedPlantAndUnitWorkTogetherWithNoFlags() throws {
        let root = PeerProcess.packageRoot.path
        let sim = try PeerProcess(try #require(BuiltBinary.path("floc-sim")),
                                  ["serve", "\(root)/Simulator/plants/container.toml", "--duration", "60"])
        defer { sim.stop() }
        let ready = try #require(BuiltBinary.readLine(sim.outputPipe.fileHandleForReading, deadline: 20),
                                 "no ready line: \(sim.errorOutput)")
        #expect(ready == "floc-sim: serving sim-container (6 devices, plant model 'container', speed 1x); TCP 127.0.0.1:1502; "
            + "RTU /tmp/floc-sim/rs485-0; control /tmp/floc-sim/control.sock")
        let statusFile = "/tmp/floc-default-ports-\(getpid()).json"
        let run = try BuiltBinary.run("floc", ["run", "\(root)/Boards/units/simulator.toml", "--duration", "6",
                                               "--status-every", "5", "--no-console", "--status-file", statusFile], deadline: 40)
        #expect(run.status == 0, "\(run.stderr)")
        for point in ["do1.oxygen", "ph1.ph", "level1.level", "blower1.actual_speed", "airflow1.flow", "io1.input1"] {
            let row = run.stdout.split(separator: "\n").last { $0.hasPrefix(point + " ") }
            #expect(row?.hasSuffix(" good") == true || row?.contains(" good ") == true, "\(point): \(row ?? "no row")\n\(run.stdout)")
        }
        let faults = try BuiltBinary.run("floc-sim", ["fault", "list"])
        #expect(faults.stdout == "0 faults\n", "the CLI finds the default control socket: \(faults.stderr)")
    }
}

/// What holds the default ports now, or nil when they are free.
enum DefaultPorts {
    static var busy: String? {
        // fileExists follows the link: a link left by a killed run does not count.
        if FileManager.default.fileExists(atPath: "/tmp/floc-sim/rs485-0") { return "/tmp/floc-sim/rs485-0 is in use (a floc-sim runs?)" }
        if (try? ControlClient.send("status", to: "/tmp/floc-sim/control.sock", timeout: 1)) != nil {
            return "a floc-sim answers on /tmp/floc-sim/control.sock"
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(1502).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0 ? nil : "127.0.0.1:1502 is in use"
    }
}
