import Config
import Plant

/// A fault injected while the emulator runs, numbered from 1 in the order of injection.
public struct InjectedFault: Sendable, Equatable {
    public var id: Int
    /// Start and end in simulated seconds since the emulator started.
    public var spec: FaultSpec

    /// `#3 stuck do1.oxygen (from t=12 s, 30 s left)`-style text for lists.
    public func summary(at time: Double) -> String {
        let target = spec.device + (spec.point.map { "." + $0 } ?? "")
        let left = spec.end.map { ", \(Self.seconds(max(0, $0 - time))) s left" } ?? ", until cleared"
        return "#\(id) \(spec.kind.name) \(target) (from t=\(Self.seconds(spec.start)) s\(left))"
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.1f", value)
    }
}

/// Why a fault cannot be injected (no such device, point or plant fault), for the user.
public struct FaultRejection: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension Emulator {
    /// Starts `spec` (its start and end are ignored) now, for `duration` simulated seconds
    /// or until cleared. Fails when the unit or the plant has no such device, point or fault.
    @discardableResult
    public func inject(_ spec: FaultSpec, duration: Double? = nil) throws(FaultRejection) -> InjectedFault {
        if let problem = ScenarioCheck.faultProblem(spec, unit: unit, plant: plant) { throw FaultRejection(reason: problem) }
        if let duration, !(duration > 0 && duration.isFinite) { throw FaultRejection(reason: "--for must be a positive number of seconds") }
        var timed = spec
        timed.start = time
        timed.end = duration.map { time + $0 }
        let fault = InjectedFault(id: nextFaultID, spec: timed)
        nextFaultID += 1
        injected.append(fault)
        schedulePlantFaults([timed])
        refreshFaults()
        return fault
    }

    /// Ends the injected fault `id`; false when there is none (cleared, over, or never made).
    @discardableResult
    public func clearFault(id: Int) -> Bool {
        guard let index = injected.firstIndex(where: { $0.id == id }) else { return false }
        let fault = injected.remove(at: index)
        if case .plant(let name) = fault.spec.kind, let plant = plant as? any FaultablePlant {
            plant.clear(fault: name, at: time)
        }
        refreshFaults()
        return true
    }

    /// Ends every injected fault (not the scenario's); returns how many there were.
    @discardableResult
    public func clearAllFaults() -> Int {
        let ids = injected.map(\.id)
        for id in ids { clearFault(id: id) }
        return ids.count
    }

    /// Hands plant faults to the plant, which keeps its own schedule of starts and ends.
    func schedulePlantFaults(_ faults: [FaultSpec]) {
        guard let plant = plant as? any FaultablePlant else { return }
        for fault in faults {
            guard case .plant(let name) = fault.kind else { continue }
            plant.inject(fault: name, at: fault.start)
            if let end = fault.end { plant.clear(fault: name, at: end) }
        }
    }

    /// Brings the servers' and the points' faults up to date at once, so the master sees a
    /// fault from the next request rather than the next tick.
    private func refreshFaults() {
        updateFaults()
        for device in devices { device.refresh(from: plant, faults: pointFaults(of: device), time: time) }
    }
}
