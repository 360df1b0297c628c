import FlocTestSupport
import Foundation
import HAL
import HALLinux
import Testing

/// RTU framing over a pty pair from socat, as a USB RS-485 adapter looks to Linux,
/// with pymodbus as the device on the other end.
@Suite("LibmodbusLink over RTU (socat pty pair)",
       .enabled(if: PeerProcess.pythonAvailable, "no Python with pymodbus: set FLOC_PYTHON"),
       .enabled(if: PeerProcess.socatAvailable, "socat not installed"))
struct LibmodbusRTUTests {
    /// Two linked ptys: the master's end and the device's end.
    private final class PtyPair {
        let socat: PeerProcess
        let master: String
        let device: String

        init() throws {
            let stem = "/tmp/floc-hal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            (master, device) = ("\(stem)-master", "\(stem)-device")
            socat = try PeerProcess("/usr/bin/socat", ["-d", "-d", "pty,raw,echo=0,link=\(master)",
                                                       "pty,raw,echo=0,link=\(device)"])
        }

        var isReady: Bool {
            FileManager.default.fileExists(atPath: master) && FileManager.default.fileExists(atPath: device)
        }

        /// socat leaves its links behind when terminated.
        func stop() {
            socat.stop()
            unlink(master)
            unlink(device)
        }
    }

    private func ptyPair() throws -> PtyPair {
        let pair = try PtyPair()
        let ready = PeerProcess.poll(deadline: 5) { pair.isReady }
        if !ready { pair.stop() }
        try #require(ready, "socat made no pty pair: \(pair.socat.errorOutput)")
        return pair
    }

    /// pymodbus on the far end of a socat pty pair and a connected link, once the peer answers.
    private func withPeer(direction: SerialPortSettings.RS485Direction = .automatic,
                          _ body: (LibmodbusLink, ModbusPeer, String) throws -> Void) throws {
        let serial = "/tmp/floc-hal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let peer = try ModbusPeer(.rtu(serial: serial, baud: 19200), units: halPeerUnits)
        defer { peer.stop() }
        let link = LibmodbusLink.rtu(SerialPortSettings(device: serial, baud: 19200, direction: direction))
        try link.connect()
        defer { link.close() }
        link.setResponseTimeout(seconds: 0.3)
        // The first answers come once pymodbus has opened its end.
        let up = PeerProcess.poll(deadline: 15) {
            (try? link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 1)) == [1000]
        }
        try #require(up, "pymodbus RTU peer did not answer: \(peer.process.errorOutput)")
        try body(link, peer, serial)
    }

    @Test func readsAndWritesThroughPymodbus() throws {
        try withPeer { link, peer, master throws in
            #expect(link.name == "rtu \(master) 19200 8N1")
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 107, count: 3) == [1007, 1008, 1009])
            try link.writeRegisters(unit: 1, address: 101, values: [0xBEEF], single: true)
            #expect(try link.readRegisters(.holdingRegister, unit: 1, address: 101, count: 1) == [0xBEEF])

            let exception = #expect(throws: HALError.self) {
                try link.readRegisters(.inputRegister, unit: 1, address: 300, count: 1)
            }
            #expect(exception?.code == .modbusException(.illegalDataAddress))
            #expect(try link.readBits(.coil, unit: 1, address: 0, count: 3) == [true, false, true])

            let badUnit = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 248, address: 100, count: 1)
            }
            #expect(badUnit?.code == .invalidArgument)

            // With the device gone the line is silent: a timeout, not a lost link (the port is still open).
            try peer.command(["cmd": "mute", "unit": 1])
            let timeoutsBefore = link.timeoutCount
            let silence = #expect(throws: HALError.self) {
                try link.readRegisters(.holdingRegister, unit: 1, address: 100, count: 1)
            }
            #expect(silence?.code == .timeout)
            #expect(silence?.operation == "read holding 100+1 unit 1")
            #expect(link.timeoutCount == timeoutsBefore + 1)
            #expect(link.isConnected)
        }
    }

    /// RTS toggling goes through libmodbus' send path; a pty ignores the modem-control ioctl.
    @Test func rtsDirectionStillTalks() throws {
        try withPeer(direction: .rts(activeHigh: true)) { link, _, _ throws in
            try link.writeCoils(unit: 1, address: 3, values: [true], single: true)
            #expect(try link.readBits(.coil, unit: 1, address: 2, count: 2) == [true, true])
        }
    }

    @Test func gpioDirectionOnAMissingChipNamesIt() throws {
        let pair = try ptyPair()
        defer { pair.stop() }
        let link = LibmodbusLink.rtu(SerialPortSettings(
            device: pair.master, direction: .gpio(chipLabel: "floc-test-no-such-chip", line: 4, activeLow: false)))
        let error = #expect(throws: HALError.self) { try link.connect() }
        #expect(error?.code == .noSuchDevice)
        #expect(error?.context == "board \(pair.master) pin DE (chip 'floc-test-no-such-chip' line 4)")
        #expect(!link.isConnected)
    }

    @Test func kernelRS485OnAPtyIsAClearError() throws {
        let pair = try ptyPair()
        defer { pair.stop() }
        let master = pair.master
        let link = LibmodbusLink.rtu(SerialPortSettings(device: master, baud: 9600, parity: .even,
                                                        direction: .kernel))
        let error = #expect(throws: HALError.self) { try link.connect() }
        #expect(error?.code == .invalidArgument)
        #expect(error?.context == "rtu \(master) 9600 8E1")
        #expect(error?.detail.hasPrefix("the driver of \(master) refused TIOCSRS485") == true)
        #expect(!link.isConnected)
    }

    @Test func missingPortIsLinkDownNamingIt() {
        let link = LibmodbusLink.rtu(SerialPortSettings(device: "/dev/ttyFLOCNONE"))
        let error = #expect(throws: HALError.self) { try link.connect() }
        #expect(error?.code == .linkDown)
        #expect(error?.description == "rtu /dev/ttyFLOCNONE 9600 8N1: connect: link down "
            + "(cannot open /dev/ttyFLOCNONE: No such file or directory)")
    }

    @Test func byteTimeoutHasAFloorForUSBAdapters() {
        #expect(LibmodbusLink.rtuByteTimeout(SerialPortSettings(device: "x", baud: 115_200)) == 0.05)
        // 1200 baud 8N1: 10 bits = 8.33 ms a character, 20 characters = 167 ms.
        let slow = LibmodbusLink.rtuByteTimeout(SerialPortSettings(device: "x", baud: 1200))
        #expect(abs(slow - 0.1667) < 0.001)
    }
}
