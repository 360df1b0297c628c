extension ControlLoader {
    /// `[instruments."<point>"]`: the calibration math, its interval, and the maintenance hold limit
    /// of one input point. `parent` is the `[instruments]` table, where an unresolvable name is reported.
    func readInstrument(_ name: String, _ reader: TableReader, parent: TableReader) -> InstrumentConfig? {
        let point = resolve(name, use: .input, key: name, in: parent, at: parent.table[name])
        let calibration: InstrumentConfig.Calibration? = reader.optionalChoice("calibration")
        let interval = reader.isAbsent("calibration_interval_days") ? nil
            : reader.double("calibration_interval_days", default: nil, range: 1...3650, unit: "days")
        if interval != nil, reader.isAbsent("calibration") {
            reader.error("calibration_interval_days", "needs 'calibration' (ph or do): only calibrated instruments fall due",
                         at: reader.table["calibration_interval_days"])
        }
        let temperature = optionalPoint("temperature", in: reader, use: .input)
        if temperature != nil, calibration != .ph {
            reader.error("temperature", "only a pH calibration uses a process temperature", at: reader.table["temperature"])
        }
        let maxHold = reader.double("max_hold_min", default: 60, range: 1...1440, unit: "min") ?? 60
        guard let point else { return nil }
        if point.isBoolean {
            parent.error(name, "'\(name)' is 1/0: only an analogue input is an instrument", at: parent.table[name])
            return nil
        }
        return InstrumentConfig(point: point, calibration: calibration, calibrationIntervalDays: interval,
                                temperature: temperature, maxHoldMinutes: maxHold, line: reader.line)
    }
}
