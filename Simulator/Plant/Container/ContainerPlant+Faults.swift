extension ContainerPlant {
    /// Schedules `fault` (a `PlantFault` name such as `blower1.trip`) to start at plant time `time`
    /// (s; now or in the past: at once). Returns false for an unknown name.
    @discardableResult
    public func inject(fault name: String, at time: Double) -> Bool {
        schedule(name, at: time, active: true)
    }

    /// Schedules `fault` to end at plant time `time` (a trip is reset, a pump works again).
    @discardableResult
    public func clear(fault name: String, at time: Double) -> Bool {
        schedule(name, at: time, active: false)
    }

    private func schedule(_ name: String, at eventTime: Double, active: Bool) -> Bool {
        guard let fault = PlantFault(rawValue: name), eventTime.isFinite else { return false }
        let event = PlantFaultEvent(fault: fault, time: max(eventTime, time), active: active)
        // Stable by time: events at the same instant apply in the order given.
        let index = faultSchedule.firstIndex { $0.time > event.time } ?? faultSchedule.endIndex
        faultSchedule.insert(event, at: index)
        applyDueFaults()
        return true
    }

    /// Applies every scheduled fault event due at the current time.
    func applyDueFaults() {
        var changed = false
        while let first = faultSchedule.first, first.time <= time + 1e-9 {
            // The liquid catches up first, so the fault's effect starts at its own time.
            if !changed { integratePending() }
            faultSchedule.removeFirst()
            setFault(first.fault, active: first.active)
            changed = true
        }
        if changed { updateReadings(after: 0, of: Self.equipmentSignals) }
    }

    func setFault(_ fault: PlantFault, active: Bool) {
        if active { activeFaults.insert(fault) } else { activeFaults.remove(fault) }
        if fault == .blowerTrip {
            if active { blower.trip() } else { blower.resetTrip() }
        }
    }
}
