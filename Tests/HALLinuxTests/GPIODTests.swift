import Foundation
import Glibc
import HAL
import HALLinux
import Testing

@Suite("GPIO over libgpiod v1")
struct GPIODTests {
    static let address = LineAddress(chipLabel: "floc-test-no-such-chip", offset: 17, pin: "P1-11", board: "rpi4")

    // MARK: Request flags

    // GPIOD_LINE_REQUEST_FLAG_* in gpiod.h (libgpiod 1.6): ACTIVE_LOW = bit 2,
    // BIAS_DISABLE = bit 3, BIAS_PULL_DOWN = bit 4, BIAS_PULL_UP = bit 5.
    static let active: Int32 = 4
    static let disabled: Int32 = 8
    static let pullDown: Int32 = 16
    static let pullUp: Int32 = 32

    static let flagTable: [(GPIODRequest.Direction, Bool, Int32)] = [
        (.input(bias: .asIs), false, 0),
        (.input(bias: .asIs), true, active),
        (.input(bias: .pullUp), false, pullUp),
        (.input(bias: .pullUp), true, active | pullUp),
        (.input(bias: .pullDown), false, pullDown),
        (.input(bias: .disabled), true, active | disabled),
        (.output, false, 0),
        (.output, true, active),
    ]

    @Test("request flags", arguments: flagTable)
    func flags(direction: GPIODRequest.Direction, activeLow: Bool, expected: Int32) {
        #expect(GPIODRequest.flags(direction: direction, activeLow: activeLow) == expected)
    }

    // MARK: Errors

    static let errnoTable: [(Int32, HALError.Code)] = [
        (ENOENT, .noSuchDevice), (ENODEV, .noSuchDevice), (ENXIO, .noSuchDevice),
        (EBUSY, .busy), (EINVAL, .invalidArgument), (EOPNOTSUPP, .invalidArgument),
        (EACCES, .system), (EPERM, .system), (EIO, .system),
    ]

    @Test("errno -> code", arguments: errnoTable)
    func mapping(errno: Int32, code: HALError.Code) {
        #expect(GPIODRequest.code(for: errno) == code)
    }

    @Test func busyNamesTheConsumer() {
        let error = GPIODRequest.error(EBUSY, operation: "request output", address: Self.address,
                                       consumer: "gpio-leds")
        #expect(error.code == .busy)
        #expect(error.description == "board rpi4 pin P1-11 (chip 'floc-test-no-such-chip' line 17): "
            + "request output: busy (Device or resource busy; line is held by consumer 'gpio-leds')")
    }

    @Test func permissionErrorSaysWhatToDo() {
        let error = GPIODRequest.error(EACCES, operation: "request input", address: Self.address)
        #expect(error.detail == "Permission denied; give the user access to /dev/gpiochip* (group gpio)")
    }

    @Test func missingChipListsTheChipsThatExist() {
        #expect(GPIOChips.missingChipDetail(label: "pinctrl-bcm2711", chips: [])
            == "no GPIO chip labelled 'pinctrl-bcm2711'; no GPIO chips on this machine")
        let chips = [(name: "gpiochip0", label: "pinctrl-bcm2835", lines: 54),
                     (name: "gpiochip1", label: "raspberrypi-exp-gpio", lines: 8)]
        #expect(GPIOChips.missingChipDetail(label: "pinctrl-bcm2711", chips: chips)
            == "no GPIO chip labelled 'pinctrl-bcm2711'; chips here: gpiochip0 'pinctrl-bcm2835' (54 lines), "
            + "gpiochip1 'raspberrypi-exp-gpio' (8 lines)")
    }

    // MARK: Against this machine's kernel

    @Test func unknownChipLabelIsNoSuchDevice() {
        let error = #expect(throws: HALError.self) {
            try GPIODLine.requestInput(Self.address, activeLow: true, bias: .pullUp)
        }
        #expect(error?.code == .noSuchDevice)
        let chips = GPIOChips.list()
        let found = chips.isEmpty ? "no GPIO chips on this machine"
            : GPIOChips.missingChipDetail(label: "", chips: chips).replacingPrefix("no GPIO chip labelled ''; ")
        #expect(error?.description == "board rpi4 pin P1-11 (chip 'floc-test-no-such-chip' line 17): "
            + "request input: no such device (no GPIO chip labelled 'floc-test-no-such-chip'; \(found))")
    }

    @Test func chipListMatchesDev() throws {
        let devices = try FileManager.default.contentsOfDirectory(atPath: "/dev").filter { $0.hasPrefix("gpiochip") }
        #expect(GPIOChips.list().map(\.name).sorted() == devices.sorted())
    }

    @Test func outputRequestFailsTheSameWay() {
        let error = #expect(throws: HALError.self) {
            try GPIODLine.requestOutput(Self.address, activeLow: false, initial: false, safe: false)
        }
        #expect(error?.code == .noSuchDevice)
        #expect(error?.operation == "request output")
    }
}

private extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
