import Config
import HAL

/// Why a write did not happen, or did not stick.
public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The profile does not allow writing the point (or has no such point).
    case notWritable(point: String)
    /// The value cannot be encoded for the point.
    case codec(CodecError)
    /// The request failed on the link or the device refused it.
    case link(HALError)

    public var description: String {
        switch self {
        case .notWritable(let point): "point \(point) is not writable"
        case .codec(let error): error.description
        case .link(let error): error.description
        }
    }
}

/// The outcome of one write.
public struct WriteResult: Sendable, Equatable {
    public var point: String
    /// The engineering value as written (after rounding to the register's resolution).
    public var written: Double
    /// The value read back, when verification was asked for.
    public var readBack: Double?
    /// False when the value read back differs from the registers written.
    public var verified: Bool
}

/// The requests to one device over a link: response timeout, bounded retries,
/// inter-request delay and decoding by profile. Shared by ``BusPoller`` and ``DeviceProbe``.
struct DeviceChannel {
    let device: DeviceConfig
    let link: any ModbusLink
    let clock: any MonotonicClock
    /// When the last answer (or failure) ended, for the profile's inter-request delay.
    private(set) var lastExchange: MonotonicInstant?
    /// Requests sent on the wire, retries included.
    private(set) var sent = 0
    /// Requests that got no usable answer (timeout, bad frame, exception, link down, short
    /// answer), retries included: noise that a retry hides still shows here.
    private(set) var failed = 0
    /// Whether silence is retried at once. The poller says no: on a half-duplex line a late
    /// answer still holds the pair, so an immediate retry only waits behind it again.
    let retriesSilence: Bool

    init(device: DeviceConfig, link: any ModbusLink, clock: any MonotonicClock, retriesSilence: Bool = true) {
        self.device = device
        self.link = link
        self.clock = clock
        self.retriesSilence = retriesSilence
    }

    var unit: UInt8 { UInt8(clamping: device.address) }
    var context: String { "device \(device.name) (unit \(device.address))" }

    /// Reads one planned request and decodes its points (good or out-of-range), one sample
    /// per `request.points` entry, in order; `retries` overrides the device's (0: one attempt).
    mutating func read(_ request: ReadRequest, retries: Int? = nil) throws(HALError) -> [PointSample] {
        let table = RegisterCodec.table(for: request.table)
        let unit = unit
        if table.isBit {
            let bits = try exchange(retries: retries) { (link: any ModbusLink) throws(HALError) in
                try link.readBits(table, unit: unit, address: request.address, count: request.count)
            }
            guard bits.count == request.count else { throw shortAnswer(request.operation) }
            let time = clock.now
            return request.layouts.map { layout in layout.sample(raw: bits[layout.start] ? 1 : 0, time: time) }
        }
        let words = try exchange(retries: retries) { (link: any ModbusLink) throws(HALError) in
            try link.readRegisters(table, unit: unit, address: request.address, count: request.count)
        }
        guard words.count == request.count else { throw shortAnswer(request.operation) }
        let time = clock.now
        return request.layouts.indices.map { index in
            let layout = request.layouts[index]
            let slice = words[layout.start..<(layout.start + layout.count)]
            var sample = layout.sample(raw: RegisterCodec.decodeRaw(slice, type: layout.type, order: layout.order).double,
                                       time: time)
            if layout.hasFlags { sample.flags = RegisterCodec.flags(slice, spec: request.points[index]) }
            return sample
        }
    }

    /// Encodes and writes `value` to `spec`; with `verify`, reads the registers back and
    /// compares them with what was written.
    mutating func write(_ spec: PointSpec, value: Double, verify: Bool) throws(WriteError) -> WriteResult {
        guard spec.access.canWrite, spec.table.isWritable else { throw .notWritable(point: spec.name) }
        let single = device.profile.singleWrite
        let unit = unit
        do {
            if spec.table.isBit {
                let bit: Bool
                do { bit = try RegisterCodec.encodeBit(value, spec: spec) } catch { throw WriteError.codec(error) }
                try exchange { (link: any ModbusLink) throws(HALError) in
                    try link.writeCoils(unit: unit, address: spec.address, values: [bit], single: single)
                }
                let written = RegisterCodec.decode(bit: bit, spec: spec)
                guard verify else { return WriteResult(point: spec.name, written: written, verified: true) }
                let back = try exchange { (link: any ModbusLink) throws(HALError) in
                    try link.readBits(.coil, unit: unit, address: spec.address, count: 1)
                }
                let readBack = back.first.map { RegisterCodec.decode(bit: $0, spec: spec) }
                return WriteResult(point: spec.name, written: written, readBack: readBack, verified: back == [bit])
            }
            let words: [UInt16]
            do { words = try RegisterCodec.encode(value, spec: spec) } catch { throw WriteError.codec(error) }
            try exchange { (link: any ModbusLink) throws(HALError) in
                try link.writeRegisters(unit: unit, address: spec.address, values: words, single: single && words.count == 1)
            }
            let written = RegisterCodec.decode(words, spec: spec)
            guard verify else { return WriteResult(point: spec.name, written: written, verified: true) }
            let back = try exchange { (link: any ModbusLink) throws(HALError) in
                try link.readRegisters(.holdingRegister, unit: unit, address: spec.address, count: words.count)
            }
            let readBack = back.count == words.count ? RegisterCodec.decode(back, spec: spec) : nil
            return WriteResult(point: spec.name, written: written, readBack: readBack, verified: back == words)
        } catch let error as HALError {
            throw .link(error)
        } catch let error as WriteError {
            throw error
        } catch {
            throw .link(HALError(.system, operation: "write \(spec.name)", context: context, detail: "\(error)"))
        }
    }

    /// A decoded value's sample: out-of-range outside the profile's range or not finite.
    static func sample(_ value: Double, spec: PointSpec, time: MonotonicInstant) -> PointSample {
        PointLayout(spec, requestAddress: spec.address).sample(value: value, time: time)
    }

    /// One request with the device's timeout, inter-request delay and retries (`retries`
    /// when given). Only silence (when `retriesSilence`) and garbled answers are retried: an
    /// exception is the device's answer, and a lost link needs a reconnect first.
    private mutating func exchange<T>(retries: Int? = nil,
                                      _ body: (any ModbusLink) throws(HALError) -> T) throws(HALError) -> T {
        let delay = device.profile.interRequestDelay
        var attempt = 0
        while true {
            if delay > 0, let last = lastExchange {
                clock.sleep(until: last + .nanoseconds(Int64(delay * 1e9)))
            }
            link.setResponseTimeout(seconds: device.timeout)
            sent += 1
            defer { lastExchange = clock.now }
            do {
                return try body(link)
            } catch {
                failed += 1
                let retriable = (retriesSilence && error.code == .timeout) || error.code == .badFrame
                guard retriable, attempt < (retries ?? device.retries) else { throw error }
                attempt += 1
            }
        }
    }

    private mutating func shortAnswer(_ operation: String) -> HALError {
        failed += 1
        return HALError(.badFrame, operation: operation, context: context, detail: "short answer")
    }
}
