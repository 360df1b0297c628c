import Config
import HAL
import Logging

extension BusPoller {
    /// Writes the desired values of one device that changed or are due for refresh.
    ///
    /// A refused write (exception, value that does not fit) is counted and retried only
    /// on the next change or refresh, so a bad setpoint is not hammered every cycle.
    /// Silence or a lost link is thrown: the cycle fails like a failed read.
    func performWrites(_ schedule: DeviceSchedule, now: MonotonicInstant) throws(HALError) {
        let desired = desired(schedule, now: now).values
        guard !desired.isEmpty else { return }
        for (spec, key) in zip(schedule.writablePoints, schedule.writableKeys) {
            guard let value = desired[key], schedule.writeDue(spec, desired: value, now: now) else { continue }
            let result: WriteResult
            do {
                result = try schedule.channel.write(spec, value: value, verify: spec.verify)
            } catch {
                if case .link(let failure) = error, !isRefusal(failure) { throw failure }
                schedule.written[spec.name] = .init(value: value, time: now)
                schedule.stats.writeFailures += 1
                schedule.stats.lastError = error.description
                if case .link = error { schedule.stats.exceptions += 1 }
                logger.warning("write refused", metadata: [
                    "bus": "\(bus)", "device": "\(schedule.name)", "point": "\(spec.name)",
                    "value": "\(value)", "error": "\(error.description)",
                ])
                continue
            }
            schedule.written[spec.name] = .init(value: value, time: now)
            schedule.stats.writes += 1
            if result.verified {
                schedule.mismatched.remove(spec.name)
                if let readBack = result.readBack, spec.access.canRead {
                    image.update([key: DeviceChannel.sample(readBack, spec: spec, time: clock.now)])
                }
                continue
            }
            schedule.mismatched.insert(spec.name)
            schedule.stats.verifyMismatches += 1
            let readBack = result.readBack.map { "\($0)" } ?? "nothing"
            schedule.stats.lastError = "point \(spec.name): wrote \(result.written), read back \(readBack)"
            image.update([key: PointSample(value: result.readBack ?? result.written, quality: .verifyMismatch, time: clock.now)])
            logger.warning("write not verified", metadata: [
                "bus": "\(bus)", "device": "\(schedule.name)", "point": "\(spec.name)",
                "written": "\(result.written)", "read_back": "\(readBack)",
            ])
        }
    }

    private func isRefusal(_ error: HALError) -> Bool {
        if case .modbusException = error.code { return true }
        return false
    }
}
