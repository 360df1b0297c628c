@testable import Config
import FieldIO
import HAL
import Logging

/// Builds devices the way the loader would, without files.
enum Fixtures {
    static func profile(_ points: [PointSpec], maxRegisters: Int = 125, maxGap: Int = 0,
                        interRequestDelay: Double = 0) -> DeviceProfile {
        DeviceProfile(id: "test-profile", manufacturer: "Floc", model: "Test", kind: .other,
                      maxRegistersPerRequest: maxRegisters, maxGap: maxGap,
                      interRequestDelay: interRequestDelay, points: points)
    }

    static func device(_ name: String, address: Int, points: [PointSpec], maxRegisters: Int = 125,
                       maxGap: Int = 0, pollFast: Double = 1, pollSlow: Double = 10, timeout: Double = 0.3,
                       retries: Int = 1, backoffMin: Double = 1, backoffMax: Double = 8,
                       staleAfter: Double = 3, writeRefresh: Double = 0, interRequestDelay: Double = 0) -> DeviceConfig {
        DeviceConfig(name: name,
                     profile: profile(points, maxRegisters: maxRegisters, maxGap: maxGap,
                                      interRequestDelay: interRequestDelay),
                     bus: "field", address: address, pollFast: pollFast, pollSlow: pollSlow, timeout: timeout,
                     retries: retries, backoffMin: backoffMin, backoffMax: backoffMax, staleAfter: staleAfter,
                     writeRefresh: writeRefresh, line: 0)
    }

    static let oxygen = PointSpec(name: "oxygen", table: .input, address: 0, type: .float32, unit: "mg/L",
                                  range: 0...20)
    static let temperature = PointSpec(name: "temperature", table: .input, address: 2, type: .int16, scale: 0.1,
                                       unit: "degC")
    static let status = PointSpec(name: "status", table: .holding, address: 100, type: .uint16,
                                  flags: [BitFlag(name: "error", bit: 0), BitFlag(name: "calibration_due", bit: 3)])
    static let setpoint = PointSpec(name: "setpoint", table: .holding, address: 10, type: .uint16, scale: 0.1,
                                    access: .readWrite)

    static let logger = Logger(label: "floc.fieldio.test")

    /// A link, clock and image with `devices` on one poller.
    struct Bench {
        let clock = ManualClock()
        let link: RegisterBankLink
        let image = PointImage()
        let poller: BusPoller

        init(_ devices: [DeviceConfig]) {
            link = RegisterBankLink(name: "bench", clock: clock)
            poller = BusPoller(bus: "field", link: link, devices: devices, image: image, clock: clock,
                               logger: Fixtures.logger)
        }

        /// Runs the poller as its thread would, for `seconds` of simulated time.
        func run(seconds: Double) {
            let end = clock.now + .seconds(seconds)
            var steps = 0
            while clock.now < end, steps < 100_000 {
                poller.step()
                clock.sleep(until: min(poller.nextDeadline, end))
                steps += 1
            }
        }

        func sample(_ key: String) -> PointSample? { image.snapshot(at: clock.now)[key] }
    }
}
