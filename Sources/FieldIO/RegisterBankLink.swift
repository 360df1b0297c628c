import HAL
import Synchronization

/// An in-memory set of Modbus devices behind a ``ModbusLink``, with fault injection.
///
/// Shipped (not test-only) so tests and the simulator drive FieldIO through the same
/// interface as libmodbus. Every request is counted per unit id. A request to an
/// absent unit advances `clock` by the response timeout before failing, so a dead
/// device costs simulated bus time exactly as it costs real bus time.
public final class RegisterBankLink: ModbusLink, Sendable {
    /// The registers and limits of one unit id.
    public struct Unit: Sendable {
        public var holding: [UInt16: UInt16] = [:]
        public var input: [UInt16: UInt16] = [:]
        public var coils: [UInt16: Bool] = [:]
        public var discrete: [UInt16: Bool] = [:]
        /// Reads of more registers fail with ILLEGAL DATA VALUE (the Modbus quantity check).
        public var maxRegistersPerRequest = 125
        public var maxBitsPerRequest = 2000
        /// Reading an address that holds nothing fails with ILLEGAL DATA ADDRESS
        /// (as devices that reject gaps do); otherwise it reads 0.
        public var rejectUnmapped = false

        public init(maxRegistersPerRequest: Int = 125, maxBitsPerRequest: Int = 2000, rejectUnmapped: Bool = false) {
            self.maxRegistersPerRequest = maxRegistersPerRequest
            self.maxBitsPerRequest = maxBitsPerRequest
            self.rejectUnmapped = rejectUnmapped
        }
    }

    /// A fault injected for one unit id.
    public enum Fault: Sendable, Equatable {
        /// No answer: the clock advances by the response timeout, then `timeout`.
        case absent
        /// Requests touching `addresses` of `table` (any table when nil) get `code`.
        case exception(ModbusException, table: ModbusTable?, addresses: ClosedRange<UInt16>)
        /// Every answer is garbled.
        case badFrame
        /// Every request drops the connection (`linkDown`); reconnecting works.
        case linkDown
        /// Writes are acknowledged but change nothing (a device in local mode).
        case ignoreWrites
        /// Answers `seconds` late and holds the line meanwhile (one RS-485 pair is half
        /// duplex, as floc-sim's `slow` fault): a request to any unit waits until the line is
        /// free, and times out when that is later than the response timeout.
        case slow(seconds: Double)
    }

    /// Requests seen for one unit id.
    public struct Counts: Sendable, Equatable {
        public var reads = 0
        public var writes = 0
        public var total: Int { reads + writes }
    }

    enum Outcome { case answer, silent, linkDown, badFrame }

    struct State {
        var units: [UInt8: Unit] = [:]
        var faults: [UInt8: [Fault]] = [:]
        var counts: [UInt8: Counts] = [:]
        var connected = false
        var reachable = true
        var connects = 0
        var timeout = 0.5
        /// Until when a slow unit's late answer occupies the line.
        var busyUntil = MonotonicInstant.zero
    }

    public let name: String
    private let clock: any MonotonicClock
    private let state = Mutex(State())

    /// `clock` is advanced (slept on) by the response timeout when a unit does not answer.
    public init(name: String = "register bank", clock: any MonotonicClock) {
        self.name = name
        self.clock = clock
    }

    // MARK: Set-up and inspection

    /// Adds (or replaces) a unit id.
    public func addUnit(_ id: UInt8, _ unit: Unit = Unit()) {
        state.withLock { $0.units[id] = unit }
    }

    /// Sets registers of `table` (holding or input) from `address` on.
    public func setRegisters(_ table: ModbusTable, unit: UInt8, address: UInt16, _ values: [UInt16]) {
        state.withLock { state in
            for (index, value) in values.enumerated() {
                let at = address &+ UInt16(index)
                if table == .inputRegister { state.units[unit, default: Unit()].input[at] = value }
                else { state.units[unit, default: Unit()].holding[at] = value }
            }
        }
    }

    /// Sets one bit of `table` (coil or discrete input).
    public func setBit(_ table: ModbusTable, unit: UInt8, address: UInt16, _ value: Bool) {
        state.withLock { state in
            if table == .discreteInput { state.units[unit, default: Unit()].discrete[address] = value }
            else { state.units[unit, default: Unit()].coils[address] = value }
        }
    }

    /// A register's current value (nil if unmapped).
    public func register(_ table: ModbusTable, unit: UInt8, address: UInt16) -> UInt16? {
        state.withLock { table == .inputRegister ? $0.units[unit]?.input[address] : $0.units[unit]?.holding[address] }
    }

    /// A bit's current value (nil if unmapped).
    public func bit(_ table: ModbusTable, unit: UInt8, address: UInt16) -> Bool? {
        state.withLock { table == .discreteInput ? $0.units[unit]?.discrete[address] : $0.units[unit]?.coils[address] }
    }

    public func inject(_ fault: Fault, unit: UInt8) {
        state.withLock { $0.faults[unit, default: []].append(fault) }
    }

    public func clearFaults(unit: UInt8) {
        state.withLock { $0.faults[unit] = nil }
    }

    /// False: the cable is out; connecting fails and requests throw `linkDown`.
    public var isReachable: Bool {
        get { state.withLock { $0.reachable } }
        set { state.withLock { state in
            state.reachable = newValue
            if !newValue { state.connected = false }
        } }
    }

    public func counts(unit: UInt8) -> Counts { state.withLock { $0.counts[unit] ?? Counts() } }
    /// All requests sent, to every unit id.
    public var totalRequests: Int { state.withLock { $0.counts.values.reduce(0) { $0 + $1.total } } }
    /// Successful connects.
    public var connectCount: Int { state.withLock { $0.connects } }
    /// The response timeout last set, in seconds.
    public var responseTimeout: Double { state.withLock { $0.timeout } }

    // MARK: ModbusLink

    public var isConnected: Bool { state.withLock { $0.connected } }

    public func connect() throws(HALError) {
        let ok = state.withLock { state in
            guard state.reachable else { return false }
            if !state.connected { state.connects += 1 }
            state.connected = true
            return true
        }
        if !ok { throw HALError(.linkDown, operation: "connect", context: name, detail: "unreachable") }
    }

    public func close() { state.withLock { $0.connected = false } }

    public func setResponseTimeout(seconds: Double) { state.withLock { $0.timeout = seconds } }

    public func readRegisters(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int) throws(HALError) -> [UInt16] {
        try read(table, unit: unit, address: address, count: count, empty: 0) { device in
            (device.maxRegistersPerRequest, table == .inputRegister ? device.input : device.holding)
        }
    }

    public func readBits(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int) throws(HALError) -> [Bool] {
        try read(table, unit: unit, address: address, count: count, empty: false) { device in
            (device.maxBitsPerRequest, table == .discreteInput ? device.discrete : device.coils)
        }
    }

    /// One read of `count` values from the bank `select` picks, within its request limit.
    private func read<V: Sendable>(_ table: ModbusTable, unit: UInt8, address: UInt16, count: Int, empty: V,
                                   select: (Unit) -> (limit: Int, bank: [UInt16: V])) throws(HALError) -> [V] {
        let operation = "read \(table.rawValue) \(address)..\(Int(address) + count - 1)"
        return try exchange(unit: unit, write: false, operation: operation) { (state: inout State) throws(HALError) in
            let device = state.units[unit]!
            let (limit, bank) = select(device)
            try check(count, limit: limit, table: table, address: address, unit: unit,
                      operation: operation, faults: state.faults[unit] ?? [])
            return try (0..<count).map { (index: Int) throws(HALError) -> V in
                let at = address &+ UInt16(index)
                if let value = bank[at] { return value }
                if device.rejectUnmapped { throw exception(.illegalDataAddress, unit: unit, operation: operation) }
                return empty
            }
        }
    }

    public func writeRegisters(unit: UInt8, address: UInt16, values: [UInt16], single: Bool) throws(HALError) {
        let operation = "write holding \(address)..\(Int(address) + values.count - 1)"
        try exchange(unit: unit, write: true, operation: operation) { (state: inout State) throws(HALError) in
            let faults = state.faults[unit] ?? []
            try check(values.count, limit: 123, table: .holdingRegister, address: address, unit: unit,
                      operation: operation, faults: faults)
            guard !faults.contains(.ignoreWrites) else { return }
            for (index, value) in values.enumerated() { state.units[unit]!.holding[address &+ UInt16(index)] = value }
        }
    }

    public func writeCoils(unit: UInt8, address: UInt16, values: [Bool], single: Bool) throws(HALError) {
        let operation = "write coil \(address)..\(Int(address) + values.count - 1)"
        try exchange(unit: unit, write: true, operation: operation) { (state: inout State) throws(HALError) in
            let faults = state.faults[unit] ?? []
            try check(values.count, limit: 1968, table: .coil, address: address, unit: unit,
                      operation: operation, faults: faults)
            guard !faults.contains(.ignoreWrites) else { return }
            for (index, value) in values.enumerated() { state.units[unit]!.coils[address &+ UInt16(index)] = value }
        }
    }

    // MARK: Fault handling

    /// Counts the request, applies connection-level faults, then runs `body` on the unit.
    private func exchange<T: Sendable>(unit: UInt8, write: Bool, operation: String,
                             _ body: (inout State) throws(HALError) -> T) throws(HALError) -> T {
        let context = "\(name) unit \(unit)"
        let now = clock.now
        let (outcome, timeout, answerAt) = state.withLock { state -> (Outcome, Double, MonotonicInstant) in
            guard state.connected else { return (.linkDown, state.timeout, now) }
            if write { state.counts[unit, default: Counts()].writes += 1 } else { state.counts[unit, default: Counts()].reads += 1 }
            let faults = state.faults[unit] ?? []
            if state.units[unit] == nil || faults.contains(.absent) { return (.silent, state.timeout, now) }
            // The request is heard once the line is free; a slow unit then holds it for its delay.
            var answerAt = max(now, state.busyUntil)
            for case let .slow(seconds) in faults {
                answerAt = answerAt + .nanoseconds(Int64(seconds * 1e9))
                state.busyUntil = answerAt
            }
            if answerAt > now + .nanoseconds(Int64(state.timeout * 1e9)) { return (.silent, state.timeout, now) }
            return Self.outcome(faults, state: &state, timeout: state.timeout, at: answerAt)
        }
        if answerAt > now { clock.sleep(until: answerAt) }
        switch outcome {
        case .silent:
            clock.sleep(until: now + .nanoseconds(Int64(timeout * 1e9)))
            throw HALError(.timeout, operation: operation, context: context, detail: "no answer")
        case .linkDown:
            throw HALError(.linkDown, operation: operation, context: context, detail: "connection lost")
        case .badFrame:
            throw HALError(.badFrame, operation: operation, context: context, detail: "CRC error")
        case .answer:
            return try state.withLock { (state: inout State) throws(HALError) -> T in try body(&state) }
        }
    }

    /// The outcome of a request the unit hears, by its faults.
    private static func outcome(_ faults: [Fault], state: inout State, timeout: Double,
                                at time: MonotonicInstant) -> (Outcome, Double, MonotonicInstant) {
        if faults.contains(.linkDown) {
            state.connected = false
            return (.linkDown, timeout, time)
        }
        if faults.contains(.badFrame) { return (.badFrame, timeout, time) }
        return (.answer, timeout, time)
    }

    private func check(_ count: Int, limit: Int, table: ModbusTable, address: UInt16, unit: UInt8,
                       operation: String, faults: [Fault]) throws(HALError) {
        // The quantity check comes first in the Modbus server state diagrams (v1.1b3 section 6).
        if count < 1 || count > limit { throw exception(.illegalDataValue, unit: unit, operation: operation) }
        let span = Int(address)..<(Int(address) + count)
        for case let .exception(code, faultTable, addresses) in faults {
            let hitsTable = faultTable == nil || faultTable == table
            if hitsTable, span.overlaps(Int(addresses.lowerBound)..<(Int(addresses.upperBound) + 1)) {
                throw exception(code, unit: unit, operation: operation)
            }
        }
    }

    private func exception(_ code: ModbusException, unit: UInt8, operation: String) -> HALError {
        HALError(.modbusException(code), operation: operation, context: "\(name) unit \(unit)")
    }
}
